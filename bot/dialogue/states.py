"""Flows declared as groups of states (aiogram's `StatesGroup` / `State`).

    class BookingFlow(StatesGroup, flow="booking"):
        patient = State()
        choose = State()
        confirm = State()

    @router.state(BookingFlow.confirm, Words("确认"))
    async def confirm(ctx: Context, booking: BookingService) -> Reply: ...

A state's name is "flow:step" ("booking:confirm"); that string is what the conversation
stores. The flow id also names its texts: `dialogue/left.j2` and the resume offer say
which flow the patient left or may continue (`dialogue/_flows.j2`).
"""

from __future__ import annotations

from typing import Any, ClassVar


class State:
    def __init__(self) -> None:
        self.step = ""
        self.flow = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.step = name

    @property
    def name(self) -> str:
        return f"{self.flow}:{self.step}"

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<State {self.name}>"


class StatesGroup:
    flow: ClassVar[str] = ""
    states: ClassVar[tuple[State, ...]] = ()

    def __init_subclass__(cls, flow: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not flow or ":" in flow:
            raise ValueError(f"{cls.__name__}: give the flow an id, e.g. flow='booking'")
        cls.flow = flow
        found = [v for v in vars(cls).values() if isinstance(v, State)]
        for state in found:
            state.flow = flow
        cls.states = tuple(found)

    @classmethod
    def contains(cls, state_name: str) -> bool:
        return state_name.partition(":")[0] == cls.flow


NO_STATE = ""  # `router.state(NO_STATE, ...)`: only when no flow is active
