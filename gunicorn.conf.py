"""gunicorn's settings for Klynge (gunicorn reads this file from the directory it starts in).

The app is loaded once in the master before the workers are forked, and WeasyPrint is warmed up
there: its libraries, fontconfig's font list and the fonts the PDFs use are loaded once, so no
coordinator's first PDF after a restart waits for them, and every worker shares them.
"""

preload_app = True


def when_ready(server):
    from klynge.lib.pdf import warm_up

    warm_up()
