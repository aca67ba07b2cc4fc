"""PA12 over HTTP: an approved partner's profile (whole-profile PUT, slug, logo), the public
search (full text on the database's own index, filters, relevance then name, paging), the public
profile and logo, profiles vanishing at once on unpublish or approval end, bad input on every
field, and another partner's profile endpoints answering 404."""
import base64

from services.partner.models import Partner

from .partner_links_served import links_system, orgs  # noqa: F401 - fixtures

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def body(**overrides):
    return {"name": "Alpine Web", "city": "Lausanne", "region": "CH-VD", "languages": ["fr", "en"],
            "specialities": ["hosting", "web-design"], "website": "https://alpine-web.example",
            "descriptions": {"fr": "Sites web et hébergement en Suisse romande.", "en": "Websites and hosting."},
            "published": True, "tenders_opt_in": False, "regions_served": [], **overrides}


def save(team, status=200, **overrides):
    response = team.legal.put(f"/v1/partners/{team.org}/profile", body(**overrides))
    assert response.status_code == status, response.get_json()
    return response.get_json()


def search(system, query=""):
    response = system.app.test_client().get(f"/v1/directory?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def names(page):
    return [item["name"] for item in page["items"]]


def test_pa12_a_partner_saves_its_whole_profile_with_a_slug_kept_on_rename(links_system):  # noqa: F811
    first, second = links_system.partner("Alpine Web"), links_system.partner("Alpine Web twin")
    assert first.legal.get(f"/v1/partners/{first.org}/profile").status_code == 404  # none before the first save
    saved = save(first, name="Älpine Web!", regions_served=["CH-GE", "FR", "CH-GE"])
    assert (saved["slug"], saved["country"], saved["version"]) == ("alpine-web", "CH", 1)
    assert saved["languages"] == ["en", "fr"] and saved["regions_served"] == ["CH-GE", "FR"]
    assert saved["published_at"] and saved["has_logo"] is False
    assert save(second, name="Alpine Web")["slug"] == "alpine-web-2"  # unique: a suffix
    renamed = save(first, name="Alpine Digital", region="LI")
    assert (renamed["slug"], renamed["country"], renamed["version"]) == ("alpine-web", "LI", 2)
    assert save(first, name="Alpine Digital", new_slug=True)["slug"] == "alpine-digital"
    assert first.admin.get(f"/v1/partners/{first.org}/profile").get_json()["name"] == "Alpine Digital"
    assert save(second, name="Alpine Web", new_slug=True)["slug"] == "alpine-web"  # freed by the rename


def test_pa12_only_an_approved_partner_has_a_profile(links_system):  # noqa: F811
    applicant = links_system.partner("Not Yet", approved=False)
    refused = applicant.legal.put(f"/v1/partners/{applicant.org}/profile", body())
    assert refused.status_code == 422 and refused.get_json()["rule"] == "PA12"


def test_pa12_bad_input_on_every_field_is_refused(links_system):  # noqa: F811
    team = links_system.partner()
    bad = {"name": ["", "x" * 201, None, 5], "city": ["", "x" * 101, None], "region": ["CH", "XX-YY", "", None],
           "languages": [[], ["en", "nl"], "en", None], "specialities": [[], ["plumbing"], None],
           "website": ["ftp://x.example", "alpine-web.example", "https://" + "x" * 300 + ".ch", "https://a b.ch"],
           "descriptions": [{}, {"nl": "Hallo"}, {"en": ""}, {"en": "x" * 501}, {"en": "a\x00b"}, ["en"], None],
           "published": ["yes", 1, None], "tenders_opt_in": ["true", 0, None],
           "regions_served": [["CH-XX"], "CH", [None]], "new_slug": ["1"]}
    for field, values in bad.items():
        for value in values:
            response = team.legal.put(f"/v1/partners/{team.org}/profile", body(**{field: value}))
            assert response.status_code == 422, (field, value, response.get_json())
    for missing in ("name", "city", "region", "languages", "specialities", "descriptions", "published",
                    "tenders_opt_in"):
        response = team.legal.put(f"/v1/partners/{team.org}/profile",
                                  {k: v for k, v in body().items() if k != missing})
        assert response.status_code == 422, missing
    assert team.legal.put(f"/v1/partners/{team.org}/profile", {**body(), "slug": "mine"}).status_code == 422
    assert save(team, website=None, descriptions={"de": "Zeile eins\nZeile zwei"})["website"] is None
    for query in ("country=XX", "region=CH", "language=nl", "speciality=x", "limit=0", "limit=51", "lang=nl",
                  "cursor=zzz", "q=" + "x" * 201, "q=web&cursor=r99999", "q=a%00b"):
        assert links_system.app.test_client().get(f"/v1/directory?{query}").status_code == 422, query
    first = search(links_system)  # a cursor of another search, or one that does not decode: the first page
    assert search(links_system, "cursor=r5") == search(links_system, "cursor=nAAAA") == first


def test_pa12_the_logo_is_a_png_or_jpeg_of_at_most_200_kb_served_with_an_etag(links_system):  # noqa: F811
    team = links_system.partner()
    logo = f"/v1/partners/{team.org}/profile/logo"
    assert team.legal.put(logo, {"image": base64.b64encode(PNG).decode()}).status_code == 404  # no profile yet
    slug = save(team)["slug"]
    for content in (b"GIF89a" + b"\x00" * 10, PNG[:4], PNG + b"\x00" * 200 * 1024):
        refused = team.legal.put(logo, {"image": base64.b64encode(content).decode()})
        assert refused.status_code == 422 and refused.get_json()["rule"] == "PA12"
    assert team.legal.put(logo, {"image": "not base64!"}).status_code == 422
    assert team.legal.put(logo, {"image": base64.b64encode(JPEG).decode()}).get_json()["has_logo"] is True
    assert team.legal.put(logo, {"image": base64.b64encode(PNG).decode()}).status_code == 200
    client = links_system.app.test_client()
    served = client.get(f"/v1/directory/{slug}/logo")
    assert (served.status_code, served.mimetype, served.data) == (200, "image/png", PNG)
    assert "public" in served.headers["Cache-Control"]
    assert client.get(f"/v1/directory/{slug}/logo", headers={"If-None-Match": served.headers["ETag"]}).status_code == 304
    assert search(links_system)["items"][0]["has_logo"] is True
    assert team.legal.delete(logo).status_code == 204
    assert client.get(f"/v1/directory/{slug}/logo").status_code == 404


def test_pa12_public_search_full_text_filters_relevance_then_name_and_paging(links_system):  # noqa: F811
    teams = {name: links_system.partner(name) for name in ("Bravo Hosting", "Alpha Shops", "Cumulus Cloud",
                                                           "Delta Design", "Echo Mail")}
    save(teams["Bravo Hosting"], name="Bravo Hosting", languages=["de"], region="CH-ZH",
         descriptions={"de": "Hosting und Server in Zürich."}, specialities=["hosting"])
    save(teams["Alpha Shops"], name="Alpha Shops", region="FR-IDF", languages=["fr"], specialities=["e-commerce"],
         descriptions={"fr": "Boutiques en ligne et hosting à Paris.", "en": "Online shops."})
    save(teams["Cumulus Cloud"], name="Cumulus Cloud", descriptions={"en": "Cloud servers, hosting hosting hosting."})
    save(teams["Delta Design"], name="Delta Design", descriptions={"it": "Siti web a Lugano."}, region="CH-TI",
         languages=["it"], specialities=["web-design"])
    save(teams["Echo Mail"], name="Echo Mail", published=False, descriptions={"en": "Hosting of mail."})

    assert names(search(links_system)) == ["Alpha Shops", "Bravo Hosting", "Cumulus Cloud", "Delta Design"]
    hosting = search(links_system, "q=hosting")
    assert set(names(hosting)) == {"Bravo Hosting", "Alpha Shops", "Cumulus Cloud"}
    assert names(hosting)[0] == "Bravo Hosting"  # the name weighs more than a description
    assert names(search(links_system, "q=Z%C3%BCrich")) == ["Bravo Hosting"]
    assert names(search(links_system, "q=cloud+servers")) == ["Cumulus Cloud"]
    assert names(search(links_system, "q=%22online+shops%22")) == ["Alpha Shops"]
    assert set(names(search(links_system, "q=lugano+or+paris"))) == {"Alpha Shops", "Delta Design"}
    assert names(search(links_system, "q=%21%21")) == names(search(links_system))  # no word: no full text
    assert names(search(links_system, "country=CH")) == ["Bravo Hosting", "Cumulus Cloud", "Delta Design"]
    assert names(search(links_system, "region=CH-TI&language=it&speciality=web-design")) == ["Delta Design"]
    assert names(search(links_system, "q=hosting&language=de")) == ["Bravo Hosting"]
    assert names(search(links_system, "q=hosting&speciality=web-design")) == ["Cumulus Cloud"]
    entry = search(links_system, "q=paris&lang=en")["items"][0]
    assert (entry["description"], entry["description_language"], entry["country"]) == ("Online shops.", "en", "FR")
    entry = search(links_system, "q=paris&lang=de")["items"][0]
    assert entry["description_language"] == "en"  # the first it has, in the order en fr de it es

    pages, cursor = [], ""
    while True:
        page = search(links_system, f"limit=3{cursor}")
        pages.append(names(page))
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert pages == [["Alpha Shops", "Bravo Hosting", "Cumulus Cloud"], ["Delta Design"]]
    first = search(links_system, "q=hosting&limit=2")
    rest = search(links_system, f"q=hosting&limit=2&cursor={first['next_cursor']}")
    assert names(first) + names(rest) == names(hosting) and rest["next_cursor"] is None


def test_pa12_a_profile_vanishes_at_once_on_unpublish_or_when_the_approval_ends(links_system):  # noqa: F811
    shown, ended = links_system.partner("Shown Web"), links_system.partner("Ended Web")
    slug = save(shown, name="Shown Web")["slug"]
    other = save(ended, name="Ended Web")["slug"]
    client = links_system.app.test_client()
    profile = client.get(f"/v1/directory/{slug}").get_json()
    assert profile["descriptions"]["fr"].startswith("Sites web") and "published" not in profile
    assert names(search(links_system, "q=web")) == ["Ended Web", "Shown Web"]
    save(shown, name="Shown Web", published=False)
    assert client.get(f"/v1/directory/{slug}").status_code == 404
    assert names(search(links_system, "q=web")) == ["Ended Web"]
    Partner.update(status="ended").where(Partner.organization_id == ended.org).execute()
    assert client.get(f"/v1/directory/{other}").status_code == 404
    assert search(links_system, "q=web")["items"] == [] and search(links_system)["items"] == []
    assert client.get("/v1/directory/no-such-partner").status_code == 404
    refused = ended.legal.put(f"/v1/partners/{ended.org}/profile", body())
    assert refused.status_code == 422 and refused.get_json()["rule"] == "PA12"


def test_pa12_another_partners_profile_endpoints_answer_404(links_system):  # noqa: F811
    victim, attacker = links_system.partner("Victim Web"), links_system.partner("Spy Web")
    save(victim, name="Victim Web")
    base = f"/v1/partners/{victim.org}/profile"
    image = {"image": base64.b64encode(PNG).decode()}
    for person in (attacker.legal, victim.outsider):
        assert person.get(base).status_code == 404
        assert person.put(base, body(name="Taken over")).status_code == 404
        assert person.put(f"{base}/logo", image).status_code == 404
        assert person.delete(f"{base}/logo").status_code == 404
        assert person.put(base, {"name": ""}).status_code == 404  # before the body is even read
    assert victim.collaborator.put(base, body()).status_code == 403  # a member without partner.manage
    assert victim.legal.get(base).get_json()["name"] == "Victim Web"
    assert links_system.app.test_client().get(base).status_code == 401


def test_pa12_ranked_pages_are_the_full_ranking_whatever_the_page_and_filters(links_system):  # noqa: F811
    """Many matches: SQLite joins the best ones first and the whole ranking when the page is not
    strictly within them (directory_search.py); both ways give the one ranking, ties by name."""
    import uuid

    from services.partner import directory
    for number in range(230):
        org = uuid.uuid4()
        Partner.create(organization_id=org, name=f"p{number}", currency="CHF")
        language = "fr" if number % 23 == 0 else "de"
        words = " ".join(["hosting"] * (1 + number % 4) + ["server"] * (number % 7))  # ties among them
        directory.save(org, {**body(name=f"Partner {number:03}", languages=[language],
                                    descriptions={language: words}), "new_slug": False})

    def pages(limit, **filters):
        found, cursor = [], None
        while True:
            page = directory.search({"q": "hosting", "limit": limit, "cursor": cursor, **filters})
            found += [item["name"] for item in page["items"]]
            if not (cursor := page["next_cursor"]):
                return found

    full = pages(50)
    assert len(full) == len(set(full)) == 230
    assert pages(7) == full
    assert pages(3, language="fr") == [name for name in full if int(name[-3:]) % 23 == 0]
