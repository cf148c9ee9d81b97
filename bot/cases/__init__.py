"""Cases: numbered sanctions, written before they are carried out (bot/cases/path.py)."""
