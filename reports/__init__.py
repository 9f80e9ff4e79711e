"""The steering-committee meeting pack as files: PowerPoint deck, monthly notice (Word),
one-page PDF, Excel workbook and chart images. Each renderer lays out a
`views.meeting.MeetingPack`; none imports Streamlit, none needs a browser (docs/070)."""
