"""View models: for every page (and every export), a pure function from the selection to a
frozen dataclass of the frames, numbers, labels and links it shows. Pages render these and
nothing else; the meeting pack renders the same ones. No Streamlit here."""
