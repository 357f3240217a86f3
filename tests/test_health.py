def test_healthz_answers_ok_without_touching_the_database(client):
    # No django_db mark: any query in the view would raise here.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
