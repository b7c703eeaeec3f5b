"""Query building: the user's text becomes a `ParsedQuery` (clauses of alternatives, exclusions, filters,
the aliases added, notices).

Pure and index-free, so it is tested on its own. Syntax (the README's query-syntax table): words
(segmented, all required), "quoted phrases" (also “…” 「…」 『…』), "A B"~N (the words within N characters
of each other), "万人助万*" (one wildcard slot: each * is one character), -exclusion, A OR B (binds
tighter than the space between words), ( … ) grouping, title:X, district:X, reporter:X or 作者:X,
date:2023 / 2023-02 / 2022-01..2022-06. An unquoted word that is a name in the alias table also finds
the other names of its group; quoted text is searched as written. Malformed input never raises: it is
cleaned up and a notice says what was changed.

A query is held as an AND of clauses, each an OR of alternatives, each an AND of units: the form the
engine evaluates with one boolean array per alternative. This module reads the text into a tree;
search.clauses multiplies it out into that form and bounds the query's work (its caps).
"""
from __future__ import annotations

import re
import unicodedata

from search import aliases
from search import districts as gazetteer
from search.analysis import compact, is_word_char, normalise, query_words
from search.clauses import dnf, top_level_parts, within_budget, without_negations
from search.dates import parse_range
from search.parsed import Alternative, ParsedQuery, Unit, unit_words  # noqa: F401  (the query's types)

MAX_QUERY_CHARS = 200
MAX_DEPTH = 8               # nested parentheses
MAX_NEAR = 500              # characters allowed between the words of "A B"~N
MAX_SLOT = 4                # characters one wildcard slot may stand for (****)
QUOTES = str.maketrans({c: '"' for c in "“”「」『』＂‘’"})
FIELDS = {"title": "title", "district": "district", "reporter": "reporter", "作者": "reporter",
          "date": "date", "日期": "date"}
TERM = re.compile(r'(-?)(?:(title|district|reporter|作者|date|日期)[:：])?'
                  r'(?:"([^"]*)"(?:~(\d+))?|([^\s()（）"]*))')
OPEN, CLOSE = "(（", ")）"


def clean(text: str, notices: list[str]) -> str:
    """Control characters out, length capped, every kind of quote mark made one, lone quotes dropped."""
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text or "")
    if cleaned.strip() != (text or "").strip():
        notices.append("已去除查询中的控制字符。")
    if len(cleaned) > MAX_QUERY_CHARS:
        cleaned = cleaned[:MAX_QUERY_CHARS]
        notices.append(f"查询过长，只按前 {MAX_QUERY_CHARS} 个字符搜索。")
    cleaned = cleaned.translate(QUOTES)
    if cleaned.count('"') % 2:
        at = cleaned.rindex('"')
        cleaned = cleaned[:at] + " " + cleaned[at + 1:]
        notices.append("引号不成对，已忽略多余的引号。")
    return cleaned


# ---------------------------------------------------------------- tokens

def _tokens(text: str):
    """("open", negated) | ("close",) | ("or",) | ("term", minus, field, quoted, near, plain, span)."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in OPEN or (ch == "-" and i + 1 < n and text[i + 1] in OPEN):
            negated = ch == "-"
            i += 2 if negated else 1
            yield ("open", negated)
        elif ch in CLOSE:
            i += 1
            yield ("close",)
        else:
            match = TERM.match(text, i)
            minus, name, quoted, near, plain = match.groups()
            i = max(match.end(), i + 1)
            if plain == "OR" and not minus and not name:
                yield ("or",)
            elif plain != "AND" or minus or name:          # AND is what the space already means
                yield ("term", bool(minus), FIELDS.get(name or ""), quoted, near, plain, match.span())


# ---------------------------------------------------------------- parsing into a tree

class _Parser:
    """query := item* ; item := or_expr ; or_expr := atom (OR atom)* ; atom := [-] ( query ) | [-] term.

    Nodes: ("leaf", [alternatives]), ("and", [nodes]), ("or", [nodes]), ("not", node); filters are
    collected into the ParsedQuery as they are read and leave no node."""

    def __init__(self, text: str, parsed: ParsedQuery, expand: bool):
        self.tokens = list(_tokens(text))
        self.at = 0
        self.parsed = parsed
        self.expand = expand

    def notice(self, text: str) -> None:
        if text not in self.parsed.notices:
            self.parsed.notices.append(text)

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def sequence(self, depth: int) -> list:
        items = []
        while (token := self.peek()) is not None:
            if token[0] == "close":
                if depth:
                    return items
                self.at += 1
                self.notice("括号不成对，已忽略多余的右括号。")
                continue
            if token[0] == "or":                       # an OR with nothing before it
                self.at += 1
                continue
            item = self.or_expr(depth)
            if item is not None:
                items.append(item)
        return items

    def or_expr(self, depth: int):
        options = [self.atom(depth)]
        while (token := self.peek()) is not None and token[0] == "or":
            self.at += 1
            if (after := self.peek()) is None or after[0] in ("close", "or"):
                continue                               # a trailing OR joins nothing
            options.append(self.atom(depth))
        options = [o for o in options if o is not None]
        if not options:
            return None
        return options[0] if len(options) == 1 else ("or", options)

    def atom(self, depth: int):
        token = self.tokens[self.at]
        self.at += 1
        if token[0] == "open":
            if depth >= MAX_DEPTH:
                self.notice(f"括号嵌套超过 {MAX_DEPTH} 层，更深的括号已忽略。")
                inner = self.sequence(depth)
            else:
                inner = self.sequence(depth + 1)
            if self.peek() is not None and self.peek()[0] == "close":
                self.at += 1
            else:
                self.notice("括号不成对，已在查询末尾补上右括号。")
            node = ("and", inner) if inner else None
            return ("not", node) if token[1] and node else node
        if token[0] == "term":
            return self.term(*token[1:])
        return None

    def term(self, minus: bool, name: str | None, quoted: str | None, near: str | None, plain: str | None,
             span: tuple[int, int]):
        raw = quoted if quoted is not None else plain or ""
        if name in ("district", "reporter", "date"):
            if not raw.strip():
                self.notice(f"“{name}:” 后面没有内容，已忽略。")
                return None
            if minus:
                self.notice(f"筛选条件 {name}: 不能排除，已按筛选处理。")
            if value := self.filter(name, raw.strip()):
                self.parsed.filter_spans.append((name, value, *span))
            return None
        if name == "title" and not raw.strip():
            self.notice("“title:” 后面没有内容，已忽略。")
            return None
        title_only = name == "title"
        if quoted is not None:
            unit = self.phrase(quoted, near, title_only)
            node = ("leaf", [(unit,)]) if unit else None
        else:
            node = self.words(raw, title_only)
        return ("not", node) if minus and node else node

    def filter(self, name: str, raw: str) -> str | None:
        """Records a filter; returns its value as the facet names it (None when it is malformed)."""
        if name == "district":
            self.parsed.districts.append(gazetteer.canonical(raw) or raw)
            return self.parsed.districts[-1]
        if name == "reporter":
            self.parsed.reporters.append(normalise(raw).strip())
            return self.parsed.reporters[-1]
        try:
            self.parsed.dates.append(parse_range(raw))
        except ValueError as e:
            self.notice(f"date:{raw[:30]} 无法识别（{e}），已忽略。")
            return None
        return self.parsed.dates[-1].text

    def phrase(self, quoted: str, near: str | None, title_only: bool) -> Unit | None:
        text = normalise(quoted).strip()
        if near is not None:
            parts = [compact(p) for p in text.replace("*", " ").split()]
            parts = [p for p in parts if p]
            if len(parts) >= 2:
                if "*" in text:
                    self.notice("邻近搜索中不能用通配符 *，已忽略。")
                return Unit(" ".join(parts), True, title_only, near=max(1, min(int(near[:6]), MAX_NEAR)))
            self.notice(f"“~{near[:6]}”需要引号内至少两个词，已按短语搜索。")
        if "*" in text:
            return self.wildcard(text, title_only)
        return Unit(text, True, title_only) if compact(text) else None

    def wildcard(self, text: str, title_only: bool) -> Unit | None:
        key = "".join(c for c in text if is_word_char(c) or c == "*")
        runs = re.findall(r"\*+", key)
        first = runs[0][:MAX_SLOT]
        if len(runs) > 1 or len(runs[0]) > MAX_SLOT:
            self.notice(f"一个短语只能有一个通配位置（最多 {MAX_SLOT} 个 *），多余的 * 已忽略。")
        head, _, tail = key.partition(runs[0])
        key = head + first + tail.replace("*", "")
        if not key.replace("*", ""):
            self.notice("通配短语中至少要有一个字，已忽略。")
            return None
        return Unit(key, True, title_only)

    def words(self, raw: str, title_only: bool):
        if "*" in raw:
            self.notice("通配符 * 只在引号内有效，如 \"万人助万*\"。")
        words = query_words(raw)
        if not words:
            return None
        as_typed = ("leaf", [tuple(Unit(w, False, title_only) for w in words)])
        if not self.expand:                       # the names are still listed, to offer expansion back
            for w in dict.fromkeys([raw, *words]):
                self.aliases_of(w)
            return as_typed
        if whole := self.aliases_of(raw):        # a name segmented into several words
            return ("or", [as_typed, *(self.alias_leaf(n, title_only) for n in _narrowest(raw, whole))])
        children = []
        for w in words:
            leaf = ("leaf", [(Unit(w, False, title_only),)])
            others = _narrowest(w, self.aliases_of(w)) if len(words) > 1 else []
            children.append(("or", [leaf, *(self.alias_leaf(n, title_only) for n in others)]) if others else leaf)
        return children[0] if len(children) == 1 else ("and", children)

    def aliases_of(self, word: str) -> list[str]:
        names = aliases.expand(word)
        if names:
            self.parsed.aliases.setdefault(normalise(word).strip(), names)
        return names

    @staticmethod
    def alias_leaf(name: str, title_only: bool):
        return ("leaf", [(Unit(normalise(name), False, title_only),)])


def _narrowest(word: str, names: list[str]) -> list[str]:
    """The names worth searching besides the word: one holding the word or another name (郑州航空港区
    holds 航空港区) finds nothing more, so it is left out (it is still listed as added, and marked)."""
    keys = [normalise(n) for n in (word, *names)]
    return [n for n, key in zip(names, keys[1:]) if not any(k != key and k in key for k in keys)]


def parse(text: str, expand: bool = True) -> ParsedQuery:
    """The query as clauses, filters and notices; `expand=False` searches alias names as typed only."""
    parsed = ParsedQuery()
    cleaned = parsed.text = clean(text, parsed.notices)
    parser = _Parser(cleaned, parsed, expand)
    for item in parser.sequence(0):
        if item[0] == "not":
            parsed.excluded.extend(dnf(without_negations(item[1], parsed.excluded, parsed.notices)
                                       or ("and", []), parsed.notices))
            continue
        item = without_negations(item, parsed.excluded, parsed.notices)
        for part in top_level_parts(item):
            if clause := dnf(part, parsed.notices):
                parsed.clauses.append(clause)
    parsed.excluded = list(dict.fromkeys(parsed.excluded))
    within_budget(parsed)
    return parsed
