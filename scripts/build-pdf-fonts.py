"""Builds the fonts the PDF documents embed (packages/core/src/documents/fonts/).

Run once when the fonts change, on Debian:
  apt-get install -y --no-install-recommends python3-fonttools fonts-noto-core fonts-noto-cjk
  /usr/bin/python3 scripts/build-pdf-fonts.py

- Noto Sans Regular and Bold (Latin, Greek, Cyrillic) are copied as they are.
- Noto Sans CJK SC Regular is cut down to the Chinese characters of GB 2312,
  the Japanese kana, CJK punctuation and full-width forms, and converted from
  CFF to TrueType outlines: pdf-lib's font subsetter (fontkit) writes broken
  CID-keyed CFF subsets, while its TrueType subsets are sound. The whole CJK
  font is 19 MB; this cut is what a Chinese name or address needs.
All are SIL Open Font License 1.1 (OFL.txt beside them).
"""
import os
import shutil
from fontTools import subset
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

OUT = os.path.join(os.path.dirname(__file__), "..", "packages", "core", "src", "documents", "fonts")
os.makedirs(OUT, exist_ok=True)
for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
    shutil.copyfile(f"/usr/share/fonts/truetype/noto/{name}", os.path.join(OUT, name))


def gb2312():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


unicodes = gb2312()
unicodes |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
unicodes |= set(range(0x3040, 0x3100))  # hiragana, katakana
unicodes |= set(range(0xFF00, 0xFFF0))  # full-width forms
unicodes = {u for u in unicodes if u >= 0x2E80}  # Latin, Greek, Cyrillic come from Noto Sans

font = TTFont("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", fontNumber=2)  # 2 = SC in Debian's collection
assert "SC" in font["name"].getDebugName(1), font["name"].getDebugName(1)
options = subset.Options()
options.layout_features = []  # horizontal text only: no vertical forms, no locl
options.name_IDs = ["*"]
options.notdef_outline = True
options.hinting = False
options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "GPOS", "GSUB", "DSIG"]
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=unicodes)
subsetter.subset(font)

# CFF -> glyf (quadratic curves), as fontTools' otf2ttf snippet does.
order = font.getGlyphOrder()
glyphs = font.getGlyphSet()
quadratic = {}
for name in order:
    pen = TTGlyphPen(glyphs)
    glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
    quadratic[name] = pen.glyph()
font["loca"] = newTable("loca")
font["glyf"] = glyf = newTable("glyf")
glyf.glyphOrder = order
glyf.glyphs = quadratic
# Each glyph padded to 4 bytes: fontkit copies glyph data as it is into subsets whose loca is often
# the short format (offsets / 2), so an odd length would shift every later glyph.
glyf.padding = 4
del font["CFF "]
font["maxp"] = maxp = newTable("maxp")
maxp.tableVersion = 0x00010000
maxp.maxZones = 1
for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
    setattr(maxp, attr, 0)
maxp.maxComponentDepth = 0
font["head"].glyphDataFormat = 0
font["post"].formatType = 3.0  # no glyph names: smaller, and pdf-lib does not need them
font.sfntVersion = "\x00\x01\x00\x00"
font.save(os.path.join(OUT, "NotoSansCJKsc-Regular-GB2312.ttf"))
for f in sorted(os.listdir(OUT)):
    print(f, os.path.getsize(os.path.join(OUT, f)))
