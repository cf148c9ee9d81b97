"""Newcomers: welcome messages, the verification gate, raid lockdowns, no escape by rejoining.

`Newcomers` (coordinator.py) is what the pipeline calls; each job has its module:
welcome.py (texts and places), verification.py (the gate), raid.py (detection and
lockdowns), rejoin.py (sanctions that follow a member back), acting.py and pacer.py
(the case path and one paced queue of platform calls per community).
"""
