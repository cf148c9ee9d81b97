"""Outside RSS and Atom feeds polled for the watched terms (FORMATS.md, "Watch and crisis").

`fetch` says what a fetcher must do (the HTTP client itself is an adapter: the core never
imports one), `parse` reads a feed's bytes into items, `poll` decides what one poll tells
and records, `service` polls each community's feeds when due inside `gardien run`.
"""
