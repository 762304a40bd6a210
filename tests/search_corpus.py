"""A small, hand-written set of search documents whose every expected answer is known."""

from __future__ import annotations

from dataclasses import replace

from search_api.documents import SearchDocument

BASE = "https://example.org"


def _dataset(name: str, label: str, publisher: str, rights: str, years: tuple[int, int]) -> SearchDocument:
    return SearchDocument(
        id=f"{BASE}/dataset/{name}",
        type="dataset",
        name=name,
        label=label,
        description=f"Jeu de données {label}",
        dataset=name,
        dataset_title=label,
        publisher=publisher,
        themes=("HEAL",),
        access_rights=rights,
        health_categories=("HRAD",),
        year_from=years[0],
        year_to=years[1],
    )


def _variable(dataset: SearchDocument, table: str, name: str, label: str, **extra: object) -> SearchDocument:
    fields: dict[str, object] = {
        "id": f"{dataset.id}/table/{table}/variable/{name}",
        "type": "variable",
        "name": name,
        "label": label,
        "dataset": dataset.dataset,
        "dataset_title": dataset.label,
        "table": table,
        "datatype": "string",
        "publisher": dataset.publisher,
        "themes": dataset.themes,
        "access_rights": dataset.access_rights,
        "health_categories": dataset.health_categories,
        "year_from": dataset.year_from,
        "year_to": dataset.year_to,
        **extra,
    }
    return SearchDocument(**fields)  # type: ignore[arg-type]


def _code(codelist: str, code: str, label: str) -> SearchDocument:
    return SearchDocument(
        id=f"{BASE}/codelist/{codelist}/code/{code}", type="code", name=code, label=label, code_list=codelist
    )


def _use() -> SearchDocument:
    """A use of the register: a project on two datasets, carried out by two organisations."""
    return SearchDocument(
        id=f"{BASE}/use/vaccination-grippe",
        type="use",
        name="vaccination-grippe",
        label="Couverture vaccinale antigrippale des personnes âgées",
        label_en="Influenza vaccine coverage in older people",
        description="Étude des remboursements de vaccins contre la grippe saisonnière.",
        dataset_title="Datamart de consommation inter-régimes ; Dépenses d'assurance maladie",
        children="ER_PRS_F ; BEN_NAI_ANN",
        kind="project",
        status="running",
        organisations=("Inserm", "Santé publique France"),
        datasets=("dcir", "open-damir"),
        year_from=2019,
        year_to=2026,
        ongoing=True,
    )


def corpus() -> list[SearchDocument]:
    dcir = _dataset("dcir", "Datamart de consommation inter-régimes", "Cnam", "NON_PUBLIC", (2006, 9999))
    pmsi = _dataset("pmsi-mco", "PMSI médecine chirurgie obstétrique", "ATIH", "NON_PUBLIC", (2005, 9999))
    open_data = _dataset("open-damir", "Dépenses d'assurance maladie", "Cnam", "PUBLIC", (2009, 9999))
    table = SearchDocument(
        id=f"{pmsi.id}/table/T_MCOaaB",
        type="table",
        name="T_MCOaaB",
        label="Description du séjour",
        dataset="pmsi-mco",
        dataset_title=pmsi.label,
        table="T_MCOaaB",
        publisher="ATIH",
        themes=("HEAL",),
        access_rights="NON_PUBLIC",
        health_categories=("HRAD",),
        year_from=2005,
    )
    documents = [
        dcir,
        pmsi,
        open_data,
        table,
        _variable(dcir, "ER_PRS_F", "BEN_NIR_PSA", "Identifiant anonyme du patient"),
        _variable(dcir, "ER_PRS_F", "BEN_NIR_ANO", "NIR pseudonymisé du bénéficiaire"),
        _variable(
            dcir, "ER_PRS_F", "BEN_NAI_ANN", "Année de naissance du bénéficiaire", datatype="gYear", uses=1
        ),
        _variable(
            dcir, "ER_PRS_F", "BEN_SEX_COD", "Sexe du bénéficiaire", datatype="integer", code_list="IR_SEX_V"
        ),
        _variable(dcir, "ER_PHA_F", "PHA_PRS_C13", "Code CIP de la présentation pharmaceutique"),
        _variable(pmsi, "T_MCOaaB", "DGN_PAL", "Diagnostic principal", code_list="CIM10"),
        _variable(pmsi, "T_MCOaaB", "DGN_REL", "Diagnostic relié", code_list="CIM10"),
        _variable(pmsi, "T_MCOaaB", "SEJ_NBJ", "Durée du séjour en jours", datatype="integer"),
        _variable(
            pmsi,
            "T_MCOaaB",
            "ENT_MOD",
            "Mode d'entrée dans l'établissement",
            year_from=2010,
            year_to=2015,
            years_missing=(2012,),
        ),
        _variable(pmsi, "T_MCOaaB", "top_CvAVC_aig", "Accident vasculaire cérébral aigu", datatype="boolean"),
        _variable(open_data, "OPEN_DAMIR", "PRS_NAT", "Nature de la prestation", datatype="integer"),
        _code("CIM10", "E11", "Diabète sucré de type 2"),
        _code("CIM10", "E10", "Diabète sucré de type 1"),
        _code("CIM10", "I63", "Infarctus cérébral"),
        _code("IR_SEX_V", "1", "Masculin"),
        _code("IR_SEX_V", "2", "Féminin"),
        _use(),
    ]
    return _ordered(_with_evidence(documents))


def _with_evidence(documents: list[SearchDocument]) -> list[SearchDocument]:
    """What documents_from_views adds: a variable's list, its table's lists, codes of used lists."""
    variables = [d for d in documents if d.type == "variable"]
    used = {d.code_list for d in variables if d.code_list}
    evidence = []
    for document in documents:
        if document.type == "variable" and document.code_list:
            document = replace(document, lists=(document.code_list,))
        elif document.type == "table":
            mine = [v for v in variables if (v.dataset, v.table) == (document.dataset, document.table)]
            lists = tuple(sorted({v.code_list for v in mine if v.code_list}))
            document = replace(document, lists=lists, children=" ; ".join(v.label for v in mine))
        elif document.type == "code":
            document = replace(document, linked=document.code_list in used)
        evidence.append(document)
    return evidence


def _ordered(documents: list[SearchDocument]) -> list[SearchDocument]:
    return sorted(documents, key=lambda document: document.sort_key)
