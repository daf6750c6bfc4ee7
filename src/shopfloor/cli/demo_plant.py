"""What the demo plant holds: its people, customers, work centers, items, routing and orders.

Plain data, no database: `demo.py` writes it through the services and `demo_orders.py`
plays each order's story. Everything is fixed, so two fresh seeds hold the same plant and
the walkthroughs in docs/work-orders.md and docs/items-and-routings.md can name its
accounts and codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DEMO_ORGANIZATION = "Demo Plant"
DEMO_SLUG = "demo-plant"
EMAIL_DOMAIN = "plant.example"


@dataclass(frozen=True, slots=True)
class Person:
    """A demo account; its email is `<key>@plant.example`."""

    key: str
    role: str
    full_name: str

    @property
    def email(self) -> str:
        return f"{self.key}@{EMAIL_DOMAIN}"


ADMIN = Person("admin", "admin", "Alex Morgan")
PLANNER = Person("planner", "planner", "Lin Mei-Ling")
ANNA = Person("anna", "operator", "Anna Weber")
BEN = Person("ben", "operator", "Ben Carter")
SUPERVISOR = Person("supervisor", "supervisor", "Chen Wei")
VIEWER = Person("viewer", "viewer", "Vera Lind")
# The admin comes first: it is created with the organisation.
PEOPLE = (ADMIN, PLANNER, ANNA, BEN, SUPERVISOR, VIEWER)


@dataclass(frozen=True, slots=True)
class Customer:
    code: str
    name: str
    contact_name: str
    contact_email: str


CUSTOMERS = (
    Customer("ACME", "Acme Precision Co., Ltd.", "Lisa Wong", "purchasing@acme.example"),
    Customer("NORTHWIND", "Northwind Pumps Ltd.", "Tom Berg", "orders@northwind.example"),
    Customer("FORMOSA", "Formosa Cycles Co.", "Wang Hsiao-Ming", "supply@formosa.example"),
)


@dataclass(frozen=True, slots=True)
class Station:
    """A work center; `active=False` ones are deactivated after they are created."""

    code: str
    name: str
    description: str
    state: str = "normal"
    active: bool = True


WORK_CENTERS = (
    Station("LATHE-01", "CNC lathe 1", "Two-axis CNC lathe, bay 1", state="running"),
    Station("LATHE-02", "CNC lathe 2", "Two-axis CNC lathe with bar feeder, bay 1"),
    Station("MILL-01", "Vertical mill 1", "Three-axis vertical machining center, bay 2"),
    Station("DRILL-01", "Drill press 1", "Radial drill press, bay 2"),
    Station("ASSY-01", "Assembly line 1", "Manual assembly and test bench"),
    Station("PAINT-01", "Paint booth", "Powder coating; blocked for filter change", "blocked"),
    Station("SAW-01", "Band saw", "Retired; replaced by bought-in blanks", active=False),
)


@dataclass(frozen=True, slots=True)
class Item:
    """A part the plant makes; `active=False` ones are deactivated after they are created."""

    code: str
    name: str
    description: str
    tracking: str = "none"
    ideal_cycle_s: float | None = None
    active: bool = True


GEARBOX = Item("GB-200", "GB-200 gearbox", "Two-stage spur gearbox", "serial", 540)
SHAFT = Item("SH-40", "SH-40 drive shaft", "C45 steel, ground to 40 mm", "lot", 95)
HOUSING = Item("HB-7", "HB-7 pump housing", "Cast iron housing, machined", "lot", 310)
FLANGE = Item("FL-12", "FL-12 flange", "DN50 weld-neck flange", ideal_cycle_s=48.5)
VALVE = Item("CV-3", "CV-3 check valve", "Spring-loaded check valve, assembled", "serial", 180)
# Shows a deactivated item in the lists; no order names it.
BRACKET = Item("BR-5", "BR-5 bracket", "Bent sheet bracket; now bought in", active=False)
ITEMS = (GEARBOX, SHAFT, HOUSING, FLANGE, VALVE, BRACKET)


@dataclass(frozen=True, slots=True)
class Operation:
    """One step of a demo routing, at the work center of that code."""

    seq: int
    name: str
    work_center: str
    setup_min: float
    run_s_per_unit: float
    instructions: str | None = None


@dataclass(frozen=True, slots=True)
class ItemRouting:
    """A routing released as its item's default (version 1 of `code`)."""

    item: Item
    code: str
    operations: tuple[Operation, ...]


# The gearbox is turned, milled and inspected: its run times add up to its ideal cycle.
GEARBOX_ROUTING = ItemRouting(
    GEARBOX,
    "STD",
    (
        Operation(10, "turning", "LATHE-01", 20, 240, "Turn the shafts and gear blanks."),
        Operation(20, "milling", "MILL-01", 30, 180, "Cut the housing faces and bores."),
        Operation(30, "inspection", "ASSY-01", 5, 120, "Check backlash and run-in noise."),
    ),
)
ROUTINGS = (GEARBOX_ROUTING,)


@dataclass(frozen=True, slots=True)
class Step:
    """Part of a product's work: `share` percent of the order at one work center."""

    work_center: str
    share: int
    operation: str
    # The operator the dispatch is planned for; None leaves it to whoever is free.
    operator: Person | None

    @property
    def worked_by(self) -> Person:
        """Who runs it in the demo: the planned operator, or Ben."""
        return self.operator or BEN


@dataclass(frozen=True, slots=True)
class Product:
    """An item and how its orders are split over the work centers."""

    item: Item
    steps: tuple[Step, ...]


# The lathes and the mill carry most of the work, so their screens have something to show.
PRODUCTS = (
    Product(GEARBOX, (Step("LATHE-01", 60, "turning", ANNA), Step("MILL-01", 40, "milling", BEN))),
    Product(SHAFT, (Step("LATHE-02", 100, "turning", ANNA),)),
    Product(HOUSING, (Step("MILL-01", 70, "milling", BEN), Step("DRILL-01", 30, "drilling", BEN))),
    Product(
        FLANGE, (Step("LATHE-01", 50, "facing", ANNA), Step("DRILL-01", 50, "bolt holes", BEN))
    ),
    Product(VALVE, (Step("ASSY-01", 100, "assembly", None),)),
)


class Story(StrEnum):
    """What happens to an order on the floor, which decides the status it ends in."""

    NEW = "new"  # created, nothing planned
    PLANNED = "planned"  # dispatched, waiting at the stations
    RUNNING = "running"  # the first dispatch started and reported
    PAUSED = "paused"  # ... and then paused by its operator
    HELD = "held"  # ... and then held by the supervisor
    COMPLETED = "completed"  # every dispatch made its quantity; completed
    SHORT = "short"  # fewer pieces than ordered; completed with a reason
    CANCELLED_PENDING = "cancelled_pending"  # cancelled by the planner before it started
    CANCELLED_RUNNING = "cancelled_running"  # cancelled by the supervisor while running
    REOPENED = "reopened"  # completed, then reopened by the admin


ENDS_IN = {
    Story.NEW: "pending",
    Story.PLANNED: "pending",
    Story.RUNNING: "in_progress",
    Story.PAUSED: "in_progress",
    Story.HELD: "on_hold",
    Story.COMPLETED: "completed",
    Story.SHORT: "completed",
    Story.CANCELLED_PENDING: "cancelled",
    Story.CANCELLED_RUNNING: "cancelled",
    Story.REOPENED: "in_progress",
}

# How many orders tell each story: every work-order status appears, the open ones most.
STORY_MIX = (
    (Story.NEW, 3),
    (Story.PLANNED, 5),
    (Story.RUNNING, 5),
    (Story.PAUSED, 2),
    (Story.HELD, 3),
    (Story.COMPLETED, 7),
    (Story.SHORT, 2),
    (Story.CANCELLED_PENDING, 2),
    (Story.CANCELLED_RUNNING, 2),
    (Story.REOPENED, 1),
)

QUANTITIES = (40, 60, 80, 100, 120, 150, 200, 250)
SCRAP_REASONS = ("Chatter marks", "Out of tolerance", "Porosity", "Surface scratches")
HOLD_REASON = "Waiting for the material certificate"
SHORT_CLOSE_REASON = "Customer accepted a partial delivery"
CANCEL_PENDING_REASON = "Customer withdrew the order"
CANCEL_RUNNING_REASON = "Design change: the drawing was superseded"
REOPEN_REASON = "Final inspection found burrs; rework"


@dataclass(frozen=True, slots=True)
class OrderPlan:
    number: str
    product: Product
    customer: str | None
    quantity: int
    priority: int
    due_in_days: int
    story: Story
    note: str | None


def order_plans() -> list[OrderPlan]:
    """The demo orders, stories interleaved so every page of the list shows a mix.

    The numbers start at WO-2026-1001; the walkthrough creates WO-2026-0001 itself.
    """
    stories = [story for story, count in STORY_MIX for _ in range(count)]
    order = sorted(range(len(stories)), key=lambda i: (_rank(stories, i), i))
    plans: list[OrderPlan] = []
    for n, index in enumerate(order, start=1):
        # Small fixed strides spread products, customers, sizes and dates over the orders;
        # the product shifts by one every round of stories, so each story meets several.
        customer = None if n % 7 == 0 else CUSTOMERS[n % len(CUSTOMERS)].code
        product = PRODUCTS[(n + n // len(STORY_MIX)) % len(PRODUCTS)]
        plans.append(
            OrderPlan(
                number=f"WO-2026-{1000 + n}",
                product=product,
                customer=customer,
                quantity=QUANTITIES[n % len(QUANTITIES)],
                priority=1 + (n * 3) % 10,
                due_in_days=(n * 7) % 40 - 10,
                story=stories[index],
                note="Stock order, no customer" if customer is None else None,
            )
        )
    return plans


@dataclass(frozen=True, slots=True)
class OrdersMade:
    """What the order stories left: orders by the status they ended in, and their work."""

    statuses: dict[str, int]
    dispatches: int
    reports: int


def _rank(stories: list[Story], index: int) -> int:
    """How many orders of the same story come before this one."""
    return stories[:index].count(stories[index])
