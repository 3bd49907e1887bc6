"""The print stylesheet of the release PDF (kept in Python so it ships with the package).

Its two words for readers, the page number and the contents' running head, are filled in from the
framework's catalogue (``pdf.page_number``, ``pdf.toc``) by :func:`stelsel.qualify.pdf.stylesheet`.
"""

STYLESHEET = r"""
@page {
  size: A4;
  margin: 22mm 18mm 20mm 18mm;
  @top-left { font: 8pt "DejaVu Sans", "Liberation Sans", sans-serif; color: #555; vertical-align: bottom; padding-bottom: 3mm; }
  @top-right { font: 8pt "DejaVu Sans", "Liberation Sans", sans-serif; color: #555;
               vertical-align: bottom; padding-bottom: 3mm; }
  @bottom-left { font: 8pt "DejaVu Sans", "Liberation Sans", sans-serif; color: #777; vertical-align: top; padding-top: 3mm; }
  @bottom-right { content: __PAGE_NUMBER__;
                  font: 8pt "DejaVu Sans", "Liberation Sans", sans-serif; color: #555; vertical-align: top; padding-top: 3mm; }
}
@page title { margin: 0;
  @top-left { content: none; } @top-right { content: none; }
  @bottom-left { content: none; } @bottom-right { content: none; } }
@page toc { @top-right { content: __CONTENTS__; } }

html { font-family: "DejaVu Serif", "Liberation Serif", serif; font-size: 10pt; line-height: 1.45; color: #1a1a1a; }
body { margin: 0; }
h1, h2, h3, h4, .meta, .facts, .toc, table, .kicker, .subtitle, .badge, .level, .layer-kind {
  font-family: "DejaVu Sans", "Liberation Sans", sans-serif; }
h1 { font-size: 20pt; color: #1f4e79; margin: 0 0 8mm 0; padding-bottom: 3mm; border-bottom: 1.5pt solid #1f4e79; }
h2 { font-size: 13.5pt; color: #1f4e79; margin: 8mm 0 3mm 0; break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 1.5mm 0; break-after: avoid; }
h4 { font-size: 10pt; margin: 4mm 0 1.5mm 0; break-after: avoid; color: #333; }
h5, h6 { font-size: 10pt; margin: 3mm 0 1mm 0; break-after: avoid; }
p { margin: 0 0 2.5mm 0; orphans: 3; widows: 3; }
ul, ol { margin: 0 0 2.5mm 0; padding-left: 6mm; }
li { margin-bottom: 1mm; }
a { color: #1f4e79; text-decoration: none; }
blockquote { margin: 3mm 0 4mm 0; padding: 2mm 5mm; border-left: 3pt solid #9dc3e6; background: #f3f8fc; font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 2mm 0 4mm 0; }
th, td { border: 0.5pt solid #bfbfbf; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
thead th { background: #1f4e79; color: white; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; }
.num { color: #5b7fa6; margin-right: 2mm; }

/* title page */
.title-page { page: title; break-after: page; height: 297mm; position: relative; }
.title-page .band { height: 120mm; box-sizing: border-box; padding: 45mm 22mm 0 22mm; background: #1f4e79; }
.title-page .title-body { padding: 12mm 22mm 0 22mm; }
.title-page .kicker { color: #c9dcef; text-transform: uppercase; letter-spacing: 1.5pt; font-size: 9pt; margin: 0 0 5mm 0; }
.title-page h1.doc-title { color: white; border: 0; font-size: 30pt; line-height: 1.15; margin: 0 0 4mm 0; padding: 0; }
.title-page .subtitle { color: white; font-size: 17pt; margin: 0 0 3mm 0; }
.title-page .draft { display: inline-block; background: #ffc000; color: #1a1a1a; font: bold 9pt "DejaVu Sans", sans-serif;
  padding: 1mm 3mm; margin: 1mm 0 0 0; }
.title-page .purpose { margin: 0; font-size: 10.5pt; color: #333; }
.title-page .facts { width: auto; margin-top: 8mm; font-size: 9.5pt; }
.title-page .facts th, .title-page .facts td { border: 0; border-bottom: 0.5pt solid #d9d9d9; padding: 1.8mm 6mm 1.8mm 0; }
.title-page .facts th { color: #1f4e79; background: none; width: 32mm; }
.title-page .facts .url { color: #555; font-size: 8pt; }
.title-page .colophon { position: absolute; bottom: 18mm; left: 22mm; right: 22mm; font-size: 8pt; color: #777; }

/* table of contents */
.toc { page: toc; break-after: page; }
.toc ul { list-style: none; padding: 0; margin: 0; }
.toc li { margin: 0; }
.toc li.toc-1 { font-weight: bold; font-size: 11pt; margin-top: 4mm; }
.toc li.toc-2 { font-size: 9.5pt; padding-left: 8mm; margin-top: 1mm; }
.toc a { color: #1a1a1a; }
.toc a::after { content: leader(".") target-counter(attr(href), page); }
.toc .toc-fill, .toc .toc-page { display: none; }  /* Chromium's contents (qualify/pdf_chromium.py) */

/* chapters */
.chapter { break-before: page; }
.lead { font-size: 11pt; }
.page-text { margin-bottom: 6mm; }
.item { break-inside: avoid; margin: 0 0 4mm 0; }
.item.role { break-inside: auto; border-top: 0.5pt solid #d9d9d9; padding-top: 1mm; }
.agreement { border-left: 2.5pt solid #9dc3e6; padding: 0.5mm 0 0.5mm 4mm; }
.agreement h3 { margin-top: 1mm; }
.id { font-family: "DejaVu Sans Mono", monospace; font-weight: bold; color: #1f4e79; margin-right: 2mm; }
.meta { font-size: 8pt; color: #555; margin-bottom: 1.5mm; }
.statement p { margin-bottom: 1.5mm; }
.evidence, .rationale, .refs { font-size: 9pt; margin-bottom: 1.2mm; }
.level { font-weight: bold; color: white; background: #5b7fa6; padding: 0.2mm 1.5mm; border-radius: 1mm; }
.level-MOET, .level-MOET-NIET { background: #1f4e79; }
.badge { font-size: 7.5pt; font-weight: normal; border: 0.5pt solid #999; color: #555; padding: 0 1.2mm; border-radius: 1mm;
  vertical-align: middle; }
.basis { font-size: 8.5pt; background: #fff6e0; border-left: 2pt solid #ffc000; padding: 1mm 2.5mm; }
.layer-kind { font-size: 8pt; font-weight: normal; color: #777; margin-left: 2mm; }
.layer-description { color: #444; font-style: italic; }
h4.topic { color: #5b7fa6; text-transform: uppercase; letter-spacing: 0.5pt; font-size: 8.5pt; margin-top: 5mm; }
table.levels td:first-child { white-space: nowrap; }
dl.glossary dt { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-weight: bold; margin-top: 2.5mm;
  break-after: avoid; }
dl.glossary dd { margin: 0.5mm 0 0 6mm; }
.expansion { font-weight: normal; color: #555; }
.empty { color: #777; font-style: italic; }

/* what changed */
table.changes tr, table.proposals tr { break-inside: avoid; }
table.changes th:nth-child(1) { width: 46%; }
table.changes th:nth-child(2) { width: 17%; }
table.changes.with-what th:nth-child(1) { width: 30%; }
table.changes.with-what th:nth-child(3) { width: 24%; }
table.proposals th:nth-child(1) { width: 30%; }
table.proposals th:nth-child(2) { width: 42%; }
"""
