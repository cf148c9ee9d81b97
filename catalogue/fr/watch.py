"""Textes français de la veille d'image : mentions des termes suivis et alerte de crise."""

TEXTS: dict[str, str] = {
    "watch.head": "Veille : {count} message(s) mentionnent des termes suivis",
    "watch.item": "• {terms} · {member} dans {channel} · tonalité {sentiment}",
    "watch.excerpt": "  « {excerpt} »",
    "watch.link": "  {link}",
    "watch.more": "… et {count} de plus (voir `gardien report`)",
    "crisis.start": "Crise : {negative} messages négatifs sur les dernières {window} "
                    "(d'habitude {usual} sur une telle durée).",
    "crisis.terms": "Termes les plus cités : {terms}",
    "crisis.worst": "Messages les plus négatifs :",
    "crisis.worst_item": "• {sentiment} : {link}",
    "crisis.slowmode": "Mode lent de {seconds} s activé dans {count} salon(s) jusqu'à la fin.",
    "crisis.slowmode_failed": "Le mode lent n'a pas pu être activé dans {channel} : {error}",
    "crisis.end": "Fin de la crise : elle a duré {duration}, avec au plus {peak} messages "
                  "négatifs sur une fenêtre.",
    "crisis.audit_start": "Gardien : alerte de crise",
    "crisis.audit_end": "Gardien : fin de la crise",
    "crisis.slowmode_restored": "Mode lent rétabli dans {count} salon(s).",
    "crisis.slowmode_restore_failed": "Le mode lent n'a pas pu être rétabli dans {channel} : "
                                      "{error}",
}
