"""Detainees at risk: custody timelines, the registers of facilities, courts and
judges, minors, the watch list and submissions to the UN Working Group.

``steps`` says what a custody step is and in which order steps may follow each
other; ``registers`` reads facilities, courts and judges; ``timeline`` reads a
detainee's steps back; ``watch`` applies the case's rules; ``wgeid`` checks a
case for the Working Group. Recording steps is ``reckon.events.custody``.
"""
