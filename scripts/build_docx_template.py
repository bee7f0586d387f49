"""Write the Word template the export starts from: src/selfeval/docx/template.docx.

Run after changing the styles or the page set-up (selfeval.docx.styles,
selfeval.docx.layout); tests/test_docx_template.py fails until you do.

    .venv/bin/python scripts/build_docx_template.py
"""

from selfeval.docx.template import TEMPLATE, build_template

if __name__ == "__main__":
    data = build_template()
    TEMPLATE.write_bytes(data)
    print(f"{TEMPLATE} ({len(data)} bytes)")
