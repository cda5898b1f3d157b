"""Latency benchmark for intents.parse (in-process, CPU).

    .venv/bin/python bench/bench_nlu.py [N]

Generates N varied messages (service requests, short and long symptom
descriptions, emergencies, junk) from fixed templates and reports load time and
p50/p99/max parse latency.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SERVICE = [
    "预约挂号",
    "我要挂明天上午的骨科",
    "取消预约",
    "门诊缴费",
    "报告出来了吗",
    "现在叫到几号了",
    "医院在哪",
    "王主任什么时候坐诊",
    "绑定就诊卡",
    "住院押金怎么交",
    "核酸结果",
    "开发票",
    "投诉",
    "转人工",
    "你好",
    "谢谢",
    "再见",
    "今天天气怎么样",
]
SYMPTOMS = [
    "头疼",
    "发烧三十八度五",
    "咳嗽有痰",
    "胃疼反酸",
    "拉肚子",
    "血压高",
    "血糖高",
    "胸闷心慌",
    "腰疼",
    "膝盖疼",
    "牙疼",
    "眼睛红",
    "皮肤痒起疹子",
    "尿频尿急",
    "月经不调",
    "失眠",
    "耳鸣",
    "乙肝小三阳",
    "便血",
    "转氨酶高",
    "甲减在吃优甲乐",
    "手抖",
    "肌酐偏高",
]
WHO = ["", "我", "我妈", "孩子三岁", "宝宝两个月", "老人", "我老公", "怀孕20周"]
EMERGENCY = [
    "胸口剧痛出冷汗",
    "突然晕倒叫不醒",
    "我不想活了",
    "全身抽搐",
    "孩子误吃了很多药",
    "喘不上气",
]
JUNK = ["", "😂😂😂", "1234567890", "<div>hello</div>", "qwerty asdf", "今天 is a good day 吗"]
LONG = (
    "大夫好，我今年五十多岁，在工厂上班，前阵子单位安排查体，报告上写着{s}，以前从来没有过，"
    "家里人都挺着急的，这两个月偶尔还会{s2}，请问要不要吃药，平常吃饭和锻炼上要注意哪些？多谢。"
)


def messages(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = i % 10
        if kind < 3:
            out.append(rng.choice(SERVICE))
        elif kind < 7:
            out.append(
                rng.choice(WHO)
                + rng.choice(SYMPTOMS)
                + rng.choice(["", "好几天了", "怎么办", "挂什么科"])
            )
        elif kind < 9:
            out.append(LONG.format(s=rng.choice(SYMPTOMS), s2=rng.choice(SYMPTOMS)))
        else:
            out.append(rng.choice(EMERGENCY + JUNK))
    out.append("头疼" * 2500)  # one 5,000-character message
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    t0 = time.perf_counter()
    import intents

    intents.load()
    load_s = time.perf_counter() - t0
    msgs = messages(n)
    for m in msgs[:50]:  # warm-up
        intents.parse(m)
    wall, cpu = [], []
    for m in msgs:
        t, c = time.perf_counter(), time.thread_time()
        intents.parse(m)
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
    print(f"load      {load_s * 1000:.0f} ms")
    print(f"messages  {len(wall)}  (wall clock; CPU time of this thread in brackets,")
    print("          which is what to read when other processes share the machine)")
    for name, q in (("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("max", 1.0)):
        print(f"{name:<9} {_q(wall, q):.3f} ms  [{_q(cpu, q):.3f} ms]")
    print(f"mean      {statistics.fmean(wall):.3f} ms  [{statistics.fmean(cpu):.3f} ms]")


def _q(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


if __name__ == "__main__":
    main()
