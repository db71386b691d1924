"""Imported once by multiprocessing's forkserver (``service.analysis.warm_context``), never by the service.

It loads jieba's dictionary, the models, the lexicons and the readers in the forkserver, before any fork:
each analysis worker forked from it starts warm in milliseconds instead of seconds, and shares those pages
with its siblings instead of holding a copy of its own.
"""

from service.analysis import warm_up

warm_up()
