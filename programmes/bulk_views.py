"""Admin views for a school's application deadlines in bulk (programmes/bulk.py): export, preview, apply."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from schools.models import SchoolPage

from . import bulk

MAX_FILE_BYTES = 1_000_000


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), required=False)
    content = forms.CharField(widget=forms.HiddenInput, required=False, max_length=MAX_FILE_BYTES)
    apply_valid = forms.BooleanField(label=_("Apply the valid rows even though others have errors"), required=False)

    def text(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return self.cleaned_data.get("content") or ""
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text; save it as “CSV UTF-8”.")) from None


def school_for(request, page_id):
    school = get_object_or_404(SchoolPage, pk=page_id)
    if not school.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return school


def index(request):
    schools = [
        school for school in SchoolPage.objects.order_by("path") if school.permissions_for_user(request.user).can_edit()
    ]
    return render(request, "programmes/bulk_index.html", {"schools": schools})


def export(request, page_id):
    school = school_for(request, page_id)
    response = HttpResponse(bulk.export_csv(bulk.editable_programmes(school, request.user)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="deadlines-{slugify(school.title)}.csv"'
    return response


@require_http_methods(["GET", "POST"])
def deadlines(request, page_id):
    school = school_for(request, page_id)
    form, plan, applied, text = ImportForm(), None, False, ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text = form.text()
            except forms.ValidationError as error:
                form.add_error("file", error)
            else:
                plan = bulk.check(text, bulk.editable_programmes(school, request.user))
                if "apply" in request.POST and (not plan.errors or form.cleaned_data["apply_valid"]):
                    bulk.apply(plan, request.user)
                    applied = True
    context = {"school": school, "form": form, "plan": plan, "applied": applied, "content": text}
    return render(
        request, "programmes/bulk_deadlines.html", context, status=400 if plan and plan.errors and not applied else 200
    )
