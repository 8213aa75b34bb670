"""API views, one module per resource. Each viewset names its queryset (with what its serializer
touches selected or prefetched), its serializer and its filterset; shared behaviour is in base."""
