"""The e-reputation watch: what people say about the community, inside it and outside."""
