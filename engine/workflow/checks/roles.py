"""Who works each user task: its role from its groups, `role` property or lane, one a subject's diagram can use and its
behaviour allows; said once at a lane whose name is no role."""

from __future__ import annotations

from collections.abc import Iterator

from engine.errors import N_
from engine.models import Role
from engine.workflow.behaviours import ROLES, Behaviour, Subject, role_of
from engine.workflow.elements import Diagram, Element
from engine.workflow.lanes import role_named
from engine.workflow.problems import Problem, Said

ROLE_EXAMPLES = "«Bộ phận một cửa», «Chuyên viên», «Lãnh đạo phòng», «Lãnh đạo Sở»"
ROLE_WORDS = {  # a role as lanes name it
    Role.RECEPTION_CLERK: "Bộ phận một cửa",
    Role.SPECIALIST: "Chuyên viên",
    Role.DEPARTMENT_LEADER: "Lãnh đạo phòng",
    Role.AGENCY_LEADER: "Lãnh đạo cơ quan",
    Role.QA_EDITOR: "Ban biên tập",
    Role.SUPERVISOR: "Giám sát",
    Role.ADMIN: "Quản trị hệ thống",
    Role.PROCEDURE_MANAGER: "Quản lý thủ tục",
    Role.CONTENT_CONTRIBUTOR: "Cộng tác viên",
    Role.CONTENT_EDITOR: "Biên tập viên",
    Role.EDITOR_IN_CHIEF: "Trưởng ban biên tập",
}
SUBJECT_WORDS = {
    Subject.DOSSIER: Said(N_("hồ sơ")),
    Subject.QUESTION: Said(N_("câu hỏi")),
    Subject.CONTENT: Said(N_("tin bài")),
}


def role_problems(element: Element, subject: Subject, behaviour: Behaviour | None) -> Iterator[Problem]:
    role = role_of(element)
    named = element.candidate_groups or tuple(filter(None, [element.properties.get("role", "")]))
    if role is None and named:
        unknown = [name for name in named if role_named(name) is None]
        if unknown:
            yield element.problem(
                N_("Nhóm «{group}» không ứng với vai trò nào: dùng một tên vai trò như {examples}."),
                group=unknown[0],
                examples=ROLE_EXAMPLES,
            )
        else:
            yield element.problem(
                N_("Một bước chỉ thuộc một vai trò, nhưng các nhóm ({groups}) chỉ những vai trò khác nhau."),
                groups=", ".join(named),
            )
        return
    if role is None:
        if not element.lane:
            yield element.problem(
                N_(
                    "Bước người dùng không có vai trò: đặt nó trong một làn mang tên vai trò (như «Bộ phận một cửa»), "
                    "hoặc ghi candidateGroups hoặc thuộc tính role."
                )
            )
        return  # a named lane without a role is said once, at the lane
    if role not in ROLES[subject]:
        if named:  # a lane is said once, at the lane
            yield element.problem(
                N_("Vai trò «{role}» không xử lý {subject}: sơ đồ {subject} dùng các vai trò {roles}."),
                role=ROLE_WORDS[role],
                subject=SUBJECT_WORDS[subject],
                roles=role_words(ROLES[subject]),
            )
    elif behaviour is not None and behaviour.roles and role not in behaviour.roles:
        yield element.problem(
            N_("Hành vi «{behaviour}» do {roles} thực hiện, không phải «{role}»: đặt bước vào làn của vai trò đó."),
            behaviour=behaviour.name,
            roles=role_words(behaviour.roles),
            role=ROLE_WORDS[role],
        )


def lane_problems(diagram: Diagram, elements: list[Element], subject: Subject) -> Iterator[Problem]:
    """A lane whose name is no role, or a role the subject cannot use, said once, when a user task relies on it."""
    relying = {
        e.lane
        for e in elements
        if e.tag == "userTask" and e.lane and not e.candidate_groups and "role" not in e.properties
    }
    for lane in diagram.lanes:
        if lane.name not in relying:
            continue
        relying.discard(lane.name)
        role = role_named(lane.name)
        if role is not None and role not in ROLES[subject]:
            yield Problem(
                N_("Vai trò của làn «{lane}» không xử lý {subject}: sơ đồ {subject} dùng các vai trò {roles}."),
                {"lane": lane.name, "subject": SUBJECT_WORDS[subject], "roles": role_words(ROLES[subject])},
                lane.id,
                lane.name,
                lane.line,
            )
        elif role is None:
            yield Problem(
                N_(
                    "Làn «{lane}» không ứng với vai trò nào: đặt tên làn như {examples}, hoặc ghi vai trò cho từng "
                    "bước (candidateGroups hoặc thuộc tính role)."
                ),
                {"lane": lane.name, "examples": ROLE_EXAMPLES},
                lane.id,
                lane.name,
                lane.line,
            )


def role_words(roles: frozenset[Role]) -> str:
    return ", ".join(f"«{words}»" for role, words in ROLE_WORDS.items() if role in roles)
