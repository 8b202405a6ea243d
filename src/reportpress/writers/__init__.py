"""Writers: the document model (and a layout) in, an output format out. None of them sees source text."""
