"""The OpenAPI schema and Swagger UI: the schema built once per process, Swagger UI fed JSON.

The schema is a function of the code (not of the catalog), yet drf-spectacular builds it anew
for every request (about 0.4 s); Swagger UI then parsed it as YAML. Together they kept the docs
page on "LOADING" for over a second: now the built schema is kept, and the page asks for JSON.
"""
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.response import Response

_built = {}


class SchemaView(SpectacularAPIView):
    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, get_language(), self.serve_public)
        if key not in _built:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            _built[key] = generator.get_schema(request=request, public=self.serve_public)
        filename = self._get_filename(request, version)
        return Response(data=_built[key], headers={"Content-Disposition": f'inline; filename="{filename}"'})


class DocsView(SpectacularSwaggerSplitView):
    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def _get_schema_url(self, request):
        url = super()._get_schema_url(request)
        return url + ("&" if "?" in url else "?") + "format=json"
