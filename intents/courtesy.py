"""The courtesy around a report, which carries no clinical content.

Patients wrap what they tell in greetings (医生您好, 在吗, 打扰了), lead-ins (请问一下,
想咨询个事), thanks and requests for a reply (谢谢大夫, 麻烦回复, 求回复, 在线等), pleas
(拜托了, 急急急, 救救孩子吧) and their feelings (😭, [流泪], 呜呜呜, 啊啊啊, ！！！).  None
of it says what happened, to whom or when, but it does change how the red-flag layer
reads the message: a classifier of character n-grams sees its signs diluted by the extra
words, an emoji typed between an age and its stop (宝宝才五十天😭，发烧) breaks the
reading of the age, and a lead-in clause (我想问一下，) reads as an information
question.  ``without_courtesy`` gives the red-flag layer the message as it would read
bare: clauses made of courtesy only are dropped, a greeting that opens the message
goes, emoji and stickers become the clause stop they stand for, and runs of
interjections or of the same punctuation mark shrink to what they say.

Only whole clauses (and the greeting that opens the message) are cut: 请问 or 想问一下
that leads into the question itself (想问一下被狗咬了要打针吗) stays, since it is what
makes that message a question.
"""

from __future__ import annotations

import re

# Emoji (pictographs, symbols, dingbats, flags, their joiners and variation selectors)
# and the stickers a chat app writes as a bracketed word ([流泪], [捂脸], [可怜]).
_EMOJI = (
    "\U0001f000-\U0001faff"  # pictographs, emoticons, transport, supplemental symbols
    "\u2600-\u27bf"  # miscellaneous symbols and dingbats (☹, ❤, ✨)
    "\u2b00-\u2bff"  # arrows and stars (⭐)
    "\ufe0f\u200d\u20e3"  # variation selector, zero-width joiner, keycap
)
_STICKER = r"\[[\u4e00-\u9fff a-z]{1,6}\]"
_EMOJI_RUN = re.compile(rf"(?:[{_EMOJI}]|{_STICKER})+")

# A clause stop in the normalised text (full-width marks are half-width there).
_STOPS = ",.!?;~。、；，！？…\n "
_STOP = f"[{re.escape(_STOPS)}]"

# The words a clause of courtesy is made of.  Each is courtesy alone; a clause made
# only of these (and the address words) holds nothing of the report.
_ADDRESS = r"(?:医生|大夫|医师|护士|老师|专家|主任|教授|姐姐|您|你|你们|各位|亲)"
_COURTESY_WORDS = (
    # greetings and the question whether someone is there
    r"你好|您好|你们好|大家好|早上好|晚上好|下午好|哈喽|hello|hi|嗨"
    r"|在吗|在不在|有人吗|有人在吗|在线吗"
    r"|打扰了|打扰一下|打扰您了|打扰你了|不好意思|冒昧问一下"
    # lead-ins that announce a question without asking it
    r"|请问一下|请问|我想问一下|想问一下|我想问下|想问下|我想问问|想问问|问一下|问下"
    r"|我想咨询一下|想咨询一下|咨询一下|我想咨询|想咨询|咨询个事|咨询个问题|问个问题|问个事"
    r"|请教一下|请教|我想请教一下|想请教一下"
    # thanks, requests for a reply and pleas
    r"|谢谢你们|谢谢您|谢谢你|谢谢了|谢谢啦|谢谢|多谢了|多谢|感谢|非常感谢|万分感谢|感恩"
    r"|麻烦回复一下|麻烦回复|麻烦尽快回复|麻烦了|麻烦您了|麻烦你了|麻烦您|麻烦你"
    r"|请回复一下|请回复|尽快回复|回复一下|快回复|求回复|求回答|求解答|求助|求救"
    r"|在线等|急等|等回复|急急急|急急|着急|好着急|很着急|非常着急|拜托了|拜托|求求了|求求你们|求求你"
    r"|帮帮忙|帮帮我|帮帮我们"
    # a plea for advice in a clause of its own (…，直淌血，怎么办啊): the report before it
    # is what tells whether it is an emergency (要是被咬了怎么办 keeps its own clause)
    r"|该怎么办才好|怎么办才好|该怎么办|怎么办|该咋办|咋办|咋整|怎么整|怎么弄|如何是好"
)
# interjections and the particles a plea ends with
_INTERJECTION = "啊呀呜哇唉哎嗯哦噢喔额呃嘤哼吧呢嘛啦了"
_COURTESY_CLAUSE = re.compile(
    rf"(?:(?:{_COURTESY_WORDS}|{_ADDRESS}|我们|我|那|一下|个|的)[{_INTERJECTION}]*)+"
)
# a run of interjections typed for feeling (啊啊啊, 呜呜呜呜): two or more of the same
# character, or three or more mixed (哇哇哭 and 咿咿呀呀 tell of a baby: they stay)
_INTERJECTION_RUN = re.compile(r"([啊呜嘤])\1+|[啊呜嘤]{3,}")
# the same mark typed again and again (！！！, ??, 。。。): said once
_MARK_RUN = re.compile(r"[!?]{2,}|([.。~,，])\1+")

# A greeting that opens the message with no stop after it (医生你好我家孩子…): only the
# greeting and the address go; a lead-in without a stop (请问孩子…) stays, and so does
# 你好像… (you seem to …).
_OPENING = re.compile(
    rf"^(?!你好[像多久些几])(?:(?:你好|您好|你们好|在吗|在不在|打扰了|打扰一下|{_ADDRESS}){_STOP}*)+"
    r"(?=[\u4e00-\u9fff0-9])"
)
_ADDRESS_ONLY = re.compile(rf"{_ADDRESS}+")


def _courtesy_only(clause: str) -> bool:
    """Is ``clause`` (no stops) made of courtesy words only, with one that is not an
    address alone (你, 您 and 医生 alone are someone named, not a greeting)?"""
    return (
        _COURTESY_CLAUSE.fullmatch(clause) is not None
        and _ADDRESS_ONLY.fullmatch(clause) is None
        and clause not in ("我", "我们", "那", "一下", "个", "的")
        and not set(clause) <= set(_INTERJECTION + "我的个")
    )


def without_courtesy(text: str) -> str:
    """The normalised ``text`` without the courtesy around its report: what the red-flag
    layer reads.  The text itself when there is nothing to cut or nothing would be left
    (a message of thanks alone is read as sent)."""
    if not text:
        return text
    cut = _EMOJI_RUN.sub(",", text)
    cut = _INTERJECTION_RUN.sub("", cut)
    cut = _MARK_RUN.sub(lambda m: m.group(0)[0], cut)
    if cut.startswith(("你", "您", "医", "大", "在", "打", "护", "老")):
        # 医生你好我家孩子…: the opening greeting with no stop after it
        opening = _OPENING.match(cut)
        if opening is not None and not _ADDRESS_ONLY.fullmatch(opening.group().rstrip(_STOPS)):
            cut = cut[opening.end() :]
    parts = re.split(f"({_STOP})", cut)
    kept: list[str] = []
    for i in range(0, len(parts), 2):
        clause = parts[i]
        stop = parts[i + 1] if i + 1 < len(parts) else ""
        if clause and _courtesy_only(clause):
            continue  # the clause and its stop go
        if not clause:
            # a stop after a stop (an emoji next to a comma): said once
            if kept and kept[-1] and kept[-1][-1] in _STOPS and stop in ",，、 ":
                continue
            if not kept and stop in ",，、 ":
                continue
        kept.append(clause + stop)
    out = "".join(kept)
    out = out.lstrip(",，、 ")
    out = re.sub(r"[,，、 !！]+$", "", out)  # 腿被压住了！！！怎么办啊: 腿被压住了
    out = re.sub(r"[,，、]+(?=[.。!?！？;；\n])", "", out)
    if not re.search(r"[\u4e00-\u9fff]", out):
        return text
    return out
