"""reportpress: one marked-up source → a Chinese print PDF, an editable DOCX, an archival PDF."""

__version__ = "0.1.0"
