"""The look every HTML page of plancheck shares (the gap report and the province-wide matrix):
colours, CJK font stacks, page basics. Each page adds its own rules after these."""

BASE_CSS = """
:root {
  --ink: #1f2933; --muted: #5c6b7a; --faint: #8795a1; --rule: #d9dfe5; --paper: #fff;
  --back: #f3f5f7; --accent: #24527a;
  --ok: #22693f; --ok-bg: #e5f3ea; --part: #8a5300; --part-bg: #fdf1d6;
  --miss: #a8261b; --miss-bg: #fbe9e7; --waive: #57488f; --waive-bg: #efecf7;
  --na: #5c6b7a; --na-bg: #eef1f4; --info: #1c5a99; --info-bg: #e6eff9;
  --h-ok: #bfe3cb; --h-part: #f7d689; --h-miss: #f0aca4; --h-waive: #d6cdef; --h-na: #f1f3f5;
  --sans: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
    "Hiragino Sans GB", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  --mono: "DejaVu Sans Mono", "SFMono-Regular", Consolas, "Liberation Mono",
    "Noto Sans Mono CJK SC", "Noto Sans CJK SC", "Microsoft YaHei", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--back); color: var(--ink); font-family: var(--sans);
  font-size: 15px; line-height: 1.6;
}
h1 { font-size: 26px; line-height: 1.3; margin: 0 0 4px; font-weight: 700; }
"""
