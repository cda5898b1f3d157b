"""Baseline: WeRoBot answering a fixed text, served by its own `robot.run()`.

Runs in a throwaway venv (`pip install werobot`), not the project's: run.py starts it.
Sessions are disabled so the baseline does no storage work at all.
"""

import logging
import sys

import werobot

token, port = sys.argv[1], int(sys.argv[2])
robot = werobot.WeRoBot(token=token, enable_session=False)
robot.config["SESSION_STORAGE"] = False
logging.getLogger("werobot").setLevel(logging.WARNING)


@robot.handler
def fixed(message, session=None):
    return "您好，欢迎使用掌上医院"


robot.run(host="127.0.0.1", port=port, enable_pretty_logging=False)
