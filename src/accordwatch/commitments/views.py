from django.http import HttpResponse


def dashboard(request):  # replaced by the pages work
    return HttpResponse("accordwatch")


def commitment_detail(request, key):
    return HttpResponse(key)


def meeting_detail(request, key):
    return HttpResponse(key)
