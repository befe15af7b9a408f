"""Which sentences can be quoted as an answer: statements, not headings, pull quotes, contents
entries, questions, table rules, keyword lists, author lines, copyright notices, disclaimers or pieces
of a sentence."""

from __future__ import annotations

import re

_TERMINAL = (".", "!", "…", "\"", "”", "»", ")", "|")
_WORD = re.compile(r"[^\W\d_][\w’'–-]*")
_TABLE_RULE = re.compile(r"\|[ \t|:-]*-[ \t|:-]*")
# A paper's keyword list ("**Keywords:** South—South cooperation, ...") names topics, and its labelled
# author line ("**Автор:** Чан Туен, к. тур. н., ...") names who wrote it (a byline, when it is names
# alone); neither states anything.
_LABELLED = re.compile(r"^[*_\s]*(key\s*words|ключевые слова|từ khóa|từ khoá|authors?|автор\w*|tác giả)[*_\s]*:",
                       re.IGNORECASE)
# A copyright notice ("© 2023 Elsevier Ltd. All rights reserved.", "© The Foundation for ...") names
# who holds the rights to the text; it matches a question naming its holder, and answers none.
_COPYRIGHT = re.compile(r"^[*_\s]*(©|\(c\)\s*\d{4}|copyright\s*(©|\(c\)|\d{4}))|all rights reserved|все права защищены",
                        re.IGNORECASE)
# A publisher's disclaimer ("The views and opinions expressed in this report are those of the authors
# and do not represent the views of the Valdai Discussion Club") says whose views the text holds; it
# shares "authors", "report" and the publisher's name with a question about who wrote it, and answers
# no question.
_DISCLAIMER = re.compile(r"\bviews (and opinions )?expressed (in|here)"
                         r"|\bdo(es)? not (necessarily )?(represent|reflect) the "
                         r"(official )?(views|opinions|position|policy)", re.IGNORECASE)
# A line set wholly in bold with no full stop inside is a heading or a magazine's pull quote, which
# repeats a sentence of the text around it ("**Russia's limited history ... is an advantage**").
_BOLD_LINE = re.compile(r"(\*\*|__)(?P<inner>(?!\s)(?:(?!\1).)+)\1")
# A byline: the authors' names and nothing else, after an optional label ("By", "Authors:"). A name is
# two to four capitalised words or initials ("Anton Tsvetov", "J. R. R. Tolkien", "Trần Tuyên",
# "Анна Петрова"), joined by commas, semicolons, "and", "&", "и" or "và", each name perhaps with
# footnote marks ("¹", "1,2", as PDF text has them). Emphasis and footnote asterisks are read past.
UPPER = "A-ZÀ-ÖØ-ÞĀ-ỸА-ЯЁ"  # capital letters, as a regex character class body
_NAME_WORD = rf"[{UPPER}](?:[\w’'-]*[\w’']|\.(?:-[{UPPER}]\.)?)"
_MARK = "[†‡¹²³⁴⁵⁶⁷⁸⁹\\d]+"
_PERSON = rf"{_NAME_WORD}(?:\s{_NAME_WORD}){{1,3}}(?:{_MARK}(?:,{_MARK})*)?"
_BYLINE = re.compile(
    rf"(?:(?i:by|authors?|written by|авторы?|tác giả):?\s)?{_PERSON}"
    rf"(?:(?:\s?[,;&]\s?|\s(?:and|и|và)\s)(?:(?:and|и|và)\s)?{_PERSON})*")


def is_statement(text: str, min_words: int, opens_line: bool = False) -> bool:
    """A sentence that can answer: not a heading, a contents entry, a question, a table rule, a keyword
    list, an author line, a notice or a fragment (too short, or opening in lower case within a line:
    cut mid-word or after an abbreviation). A line that opens in lower case and does not wrap the one
    before (``qa.sentences``) is a paragraph of carelessly typed text, and ``opens_line`` says so.

    >>> is_statement("3.3 Lukoil – Refinery Modernization", 4), is_statement("Is it true?", 2)
    (False, False)
    >>> is_statement("Trade grew by 12% in 2025.", 4), is_statement("| --- | :--- | ---: | --- |", 4)
    (True, False)
    >>> is_statement("- 17 The Logic of Russia–Vietnam Relations and Their Role in Southeast Asia", 4)
    False
    >>> is_statement("**Keywords:** South—South cooperation, Vietnam—Russia relations, strategic partnership.", 4)
    False
    >>> is_statement("**Автор:** Чан Туен, к.", 4), is_statement("Authors: Jane Doe and John Smith.", 4)
    (False, False)
    >>> is_statement("н., исследователь, Институт общественных наук, г.", 4)
    False
    >>> is_statement("during a working trip to Vietnam, he disclosed his plans.", 4, opens_line=True)
    True
    >>> is_statement("© The Foundation for Development and Support of the Valdai Discussion Club, 2019", 4)
    False
    >>> is_statement("The views expressed here are the authors' and do not necessarily reflect the views of NATO.", 4)
    False
    >>> [is_statement(s, 4) for s in (  # a pull quote; a sentence in bold; bold at both ends of a sentence
    ...     "**Russia's limited history of relations with countries in the region is an advantage**",
    ...     "**Trade between the two countries grew by twelve per cent in 2025.**",
    ...     "**Abstract.** In this context the study analyses a model of cooperation, **in brief**")]
    [False, True, True]
    """
    stripped = text.strip()
    words = len(stripped.split())
    if not _says_something(stripped, words, min_words) or is_table_rule(stripped):
        return False
    if stripped[:1].islower() and not opens_line:
        return False  # a piece of a sentence cut mid-word or after an abbreviation
    bold = _BOLD_LINE.fullmatch(stripped)
    if bold:
        return bold["inner"].rstrip().endswith(_TERMINAL)
    if stripped.endswith(_TERMINAL):
        return True
    return words >= 12 and not _title_case(stripped)


def is_table_rule(line: str) -> bool:
    """The rule under a Markdown table's header row: "|---|---|", "| :--- | ---: |".

    >>> is_table_rule("| --- | :--- |"), is_table_rule("| 2019 | -5 |")
    (True, False)
    """
    return bool(_TABLE_RULE.fullmatch(line.strip()))


def is_entry(text: str, min_words: int) -> bool:
    """A line that can say what the heading above it names, as the entries of a list of authors or a
    glossary do, though it may be no sentence: not a heading, a table row, a question, a keyword
    list, an author line, a copyright notice or a disclaimer, and of ``min_words`` words at least.

    >>> is_entry("Lead author, foreign policy and security expert, Center for Strategic Research (CSR)", 4)
    True
    >>> [is_entry(s, 4) for s in ("## **Vasily Kashin**", "| 2019 | 5.1 | 4.8 |", "Who is he, then?", "- 3 Main")]
    [False, False, False, False]
    """
    stripped = text.strip()
    return _says_something(stripped, len(stripped.split()), min_words) and not stripped.startswith("|")


def is_byline(text: str) -> bool:
    """A line that only names people, as the authors under a title do: it says who wrote the document
    (quotable when the question asks that, ``qa.answer``), not anything else.

    >>> [is_byline(s) for s in ("Anton Tsvetov, Vasily Kashin,  \\nAlexander Korolev, Anastasia Pyatachkova",
    ...     "Tran Tuyen", "By J. R. R. Tolkien and C. S. Lewis", "Authors: Nguyễn Văn An*, Анна Петрова¹",
    ...     "Jane Doe1,2, John Smith2*")]
    [True, True, True, True, True]
    >>> [is_byline(s) for s in ("Table of Contents", "Vietnam", "Trade grew by 12% in 2025.", "# Anton Tsvetov")]
    [False, False, False, False]
    """
    return bool(_BYLINE.fullmatch(" ".join(text.replace("*", " ").split())))


def _says_something(stripped: str, words: int, min_words: int) -> bool:
    """What statements and entries share: ``min_words`` words at least (``words``, counted by the
    caller), and not a heading, a question, keywords or authors, a copyright notice or a disclaimer
    (about the text, not of it)."""
    return (words >= min_words and not stripped.startswith("#") and not stripped.endswith("?")
            and not _LABELLED.match(stripped) and not _COPYRIGHT.search(stripped) and not _DISCLAIMER.search(stripped))


def _title_case(text: str) -> bool:
    """Two words in three capitalised: a heading or a table-of-contents entry, not prose."""
    words = _WORD.findall(text)
    return bool(words) and sum(w[0].isupper() for w in words) >= 2 * len(words) / 3
