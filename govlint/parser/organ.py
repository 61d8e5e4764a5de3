"""Who wrote the report and when: the organ named in the title (a 人民政府 or a department,
and its administrative level) and the publication date the document states."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from govlint.document import Organ
from govlint.normalize import fold, key
from govlint.parser.lines import LLine

_YEAR = re.compile(r"(?:20\d{2}|二[〇○零]\S{2})\s*年度?")
_SUBJECT = re.compile(r"^(.*?)(?:关于)?(?:政府信息公开|政务公开|信息公开)")
_DEPARTMENT = re.compile(
    r"(局|分局|委|委员会|办|办公室|办公厅|厅|中心|院|署|所|站|队|支队|大队|馆|处|部|会|公司|集团|管委会|管理委员会)$"
)
_PLACE = re.compile(r"(省|自治区|市|区|县|旗|镇|乡|街道|自治州|州|盟|新区|实验区|开发区)$")
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_DATE_LINE = re.compile(r"^[(（]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]?$")
PUBLICATION_KEYS = ("发布时间", "发布日期", "成文日期", "生成日期")


def organ_of(title: str | None) -> Organ:
    """Classify the organ named in a report title."""
    if not title:
        return Organ()
    m = _SUBJECT.match(_YEAR.sub("", key(title)))
    name = m.group(1) if m and m.group(1) else None
    if not name:
        return Organ()
    return Organ(name, _kind(name), _level(name))


def _kind(name: str) -> str | None:
    if name.endswith("人民政府"):
        return "government"
    if name.endswith("办事处"):
        return "subdistrict"
    if _DEPARTMENT.search(name):
        return "department"
    if _PLACE.search(name):
        return "government"  # "<地名>政府信息公开工作年度报告": the region's own report
    return None


def _level(name: str) -> str | None:
    bare = name.replace("市场", "").replace("城市", "")
    if re.search(r"镇|乡|街道", bare):
        return "town"
    if re.search(r"(?<!自治)区|县|旗", bare):
        return "county"
    if re.search(r"省|自治区", bare) or bare.startswith(_MUNICIPALITIES):
        return "province"
    if re.search(r"市|州|盟|地区", bare):
        return "prefecture"
    return None


def publication_date(meta: Mapping[str, str], lines: Sequence[LLine]) -> date | None:
    """The date the document says it was published or issued: archive metadata, a date
    line under the title, or a date line at the end (the signature)."""
    for name in PUBLICATION_KEYS:
        if name in meta:
            found = _DATE.search(meta[name])
            if found:
                return _date(found)
    candidates = [*lines[:6], *lines[-3:]]
    for ll in candidates:
        found = _DATE_LINE.match(fold(ll.text).strip())
        if found:
            return _date(found)
    return None


def _date(m: re.Match[str]) -> date | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
