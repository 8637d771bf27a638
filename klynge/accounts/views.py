from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A refused form (missing or stale CSRF token) explained in Danish; nothing was changed."""
    return render(request, "403_csrf.html", status=403)
