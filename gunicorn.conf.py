"""gunicorn's settings for Klynge (gunicorn reads this file from the directory it starts in).

The app is loaded once in the master before the workers are forked, and WeasyPrint is warmed up
there: its libraries, fontconfig's font list and the fonts the PDFs use are loaded once, so no
coordinator's first PDF after a restart waits for them, and every worker shares them. Then all
that is loaded is frozen out of the garbage collector's sight (`gc.freeze`): it lives as long as
the process, and a worker's full collections then scan only what its own requests made. Without
it a full collection walks the ~200,000 objects of the loaded app: 100–300 ms inside one
request, the pages' p99.
"""

preload_app = True


def when_ready(server):
    """In the master, after the app is loaded and before the workers are forked."""
    import gc

    from klynge.lib.derived import code_version
    from klynge.lib.pdf import warm_up

    warm_up()
    code_version()  # the derived data's keys hold it: read the code once, not in a request
    gc.collect()
    gc.freeze()
