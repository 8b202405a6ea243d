"""`reportpress watch`: rebuild a source on every save and show its pages on a local preview page.

    inputs.py    which files the last build read (source, images, cover PDFs, layout, fonts) and their stamps
    pages.py     the print PDF as one PNG per page at screen resolution (pypdfium2), and which page changed
    doubts.py    the import report's doubts, next to the raw lines they came from
    state.py     what the preview shows: the last good pages and outputs, the last error; shared by threads
    loop.py      the warm build loop: build once, poll the inputs, build again after a save
    server.py    the HTTP server on 127.0.0.1: the page, its script and style, PNGs, downloads, `/events`
    cli.py       `reportpress watch SOURCE [--port P] [--host H]`

The loop runs in the main thread and is the only one to build or touch PDFium; the server's threads only
read the state it publishes. A failed build publishes its error and keeps the last good pages and outputs.
"""
