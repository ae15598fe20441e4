from tests.integration.questions.conftest import ANSWER, PUBLISH, ROUTE


def test_path(qa):
    code = qa.ask()
    assert qa.open_tasks(code) == ["classify_question"]
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    assert qa.open_tasks(code) == ["answer_question"]
    qa.complete(code, "answer_question", "chuyenvien.stp", **ANSWER)
    qa.complete(code, "review_answer", "bientap", **PUBLISH)
    q = qa.question(code)
    print(q.status, q.due_at, [(n.recipient, n.subject) for n in qa.notices()])
    assert q.status == "published"
