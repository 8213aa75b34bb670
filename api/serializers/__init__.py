"""Serializers: the public shapes of the catalog (stable field names, see DESIGN.md) and the
editors' write forms, one module per resource; import them from here (`api.serializers`).

Read serializers only touch what the viewsets' querysets select or prefetch, so their cost
does not grow with the rows they render.
"""
from api.serializers.assistants import (
    AlternativeSerializer,
    AssistantDetailSerializer,
    AssistantSerializer,
    CriterionEvidenceSerializer,
    EvidenceByCategorySerializer,
    EvidenceSerializer,
)
from api.serializers.base import (
    CriterionBriefSerializer,
    ModelBriefSerializer,
    PartialDateField,
    ScoresSerializer,
    SourceBriefSerializer,
    VendorBriefSerializer,
)
from api.serializers.compare import ComparisonSerializer
from api.serializers.editorial import (
    AssessmentSerializer,
    AssessmentWriteSerializer,
    DeprecationSerializer,
    DeprecationWriteSerializer,
    OfferedModelSerializer,
    PoliticalTieSerializer,
    PoliticalTieWriteSerializer,
    RegulatorActionSerializer,
    SearchRecordSerializer,
    SourceSerializer,
)
from api.serializers.models import AIModelDetailSerializer, AIModelSerializer
from api.serializers.references import CampaignSerializer, CriterionSerializer, VendorSerializer

__all__ = [
    "AlternativeSerializer", "AssistantDetailSerializer", "AssistantSerializer", "CriterionEvidenceSerializer",
    "EvidenceByCategorySerializer", "EvidenceSerializer", "CriterionBriefSerializer", "ModelBriefSerializer",
    "PartialDateField", "ScoresSerializer", "SourceBriefSerializer", "VendorBriefSerializer",
    "ComparisonSerializer", "AssessmentSerializer", "AssessmentWriteSerializer", "DeprecationSerializer",
    "DeprecationWriteSerializer", "PoliticalTieSerializer", "PoliticalTieWriteSerializer", "SourceSerializer",
    "CampaignSerializer", "CriterionSerializer", "VendorSerializer", "OfferedModelSerializer",
    "RegulatorActionSerializer", "SearchRecordSerializer", "AIModelSerializer", "AIModelDetailSerializer",
]
