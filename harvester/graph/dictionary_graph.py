"""The data dictionary in CSVW, as HealthDCAT-AP wants it: hasVariables → TableGroup → Table → Column."""

from __future__ import annotations

from rdflib import RDF, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from harvester.core.iris import Iris
from harvester.core.namespaces import CSVW, HDC
from harvester.core.paths import FieldPath
from harvester.graph.unit import GraphUnit
from harvester.model.common import LocalizedText
from harvester.model.dataset import Dataset
from harvester.model.dictionary import Constraints, History, Identifying, Table, Variable

IDENTIFYING = {
    Identifying.NO: HDC.NotIdentifying,
    Identifying.INDIRECT: HDC.IndirectIdentifier,
    Identifying.DIRECT: HDC.DirectIdentifier,
}


def add_dictionary(unit: GraphUnit, iris: Iris, dataset: Dataset) -> URIRef:
    group = unit.node(iris.dictionary(dataset.id), ("dataset", "tables"))
    unit.add(group, RDF.type, CSVW.TableGroup)
    title = LocalizedText(
        fr=f"Dictionnaire des variables : {dataset.title.fr}",
        en=f"Data dictionary: {dataset.title.en or dataset.title.fr}",
    )
    unit.text(group, DCTERMS.title, title)
    for index, table in enumerate(dataset.tables):
        flagged = _flagged(table, dataset.identifying_columns)
        unit.add(group, CSVW.table, _table(unit, iris, dataset.id, flagged, ("dataset", "tables", index)))
    return group


def _flagged(table: Table, identifying: dict[str, Identifying]) -> Table:
    """The table with the dataset's identifying columns flagged where the variable says no."""
    if not identifying:
        return table
    variables = [
        v.model_copy(update={"identifying": identifying[v.name]})
        if v.identifying is Identifying.NO and v.name in identifying
        else v
        for v in table.variables
    ]
    return table.model_copy(update={"variables": variables})


def _table(unit: GraphUnit, iris: Iris, dataset_id: str, table: Table, loc: FieldPath) -> URIRef:
    add, text = unit.add, unit.text
    subject = unit.node(iris.table(dataset_id, table.name), loc)
    add(subject, RDF.type, CSVW.Table)
    add(subject, DCTERMS.identifier, Literal(table.name))
    add(subject, DCTERMS.isPartOf, iris.dataset(dataset_id))
    text(subject, DCTERMS.title, table.title)
    text(subject, DCTERMS.description, table.description)
    if table.name_pattern:
        add(subject, HDC.namePattern, Literal(table.name_pattern))
    text(subject, SKOS.scopeNote, table.scope)
    text(subject, SKOS.note, table.observation)
    _history(unit, subject, table.history)
    for name in table.primary_key:
        add(subject, CSVW.primaryKey, Literal(name))
    for index, variable in enumerate(table.variables):
        column = _column(unit, iris, dataset_id, table.name, variable, index, (*loc, "variables", index))
        add(subject, CSVW.column, column)
    for index, key in enumerate(table.foreign_keys):
        fk = unit.node(URIRef(f"{subject}#fk-{index + 1}"), (*loc, "foreign_keys", index))
        add(subject, CSVW.foreignKey, fk)
        add(fk, RDF.type, HDC.ForeignKey)
        target_dataset = key.dataset or dataset_id
        target = iris.table(target_dataset, key.table)
        reference = URIRef(f"{fk}-reference")
        add(fk, CSVW.reference, reference)
        add(reference, CSVW.resource, target)
        for position, (local, remote) in enumerate(zip(key.columns, key.referenced_columns, strict=True)):
            add(fk, CSVW.columnReference, Literal(local))
            add(fk, HDC.column, iris.variable(dataset_id, table.name, local))
            add(reference, CSVW.columnReference, Literal(remote))
            add(fk, HDC.referencedColumn, iris.variable(target_dataset, key.table, remote))
            if position == 0:
                add(fk, HDC.referencedTable, target)
    return subject


def _column(
    unit: GraphUnit, iris: Iris, dataset_id: str, table: str, variable: Variable, index: int, loc: FieldPath
) -> URIRef:
    add, text = unit.add, unit.text
    subject = unit.node(iris.variable(dataset_id, table, variable.name), loc)
    add(subject, RDF.type, CSVW.Column)
    add(subject, CSVW.name, Literal(variable.name))
    add(subject, DCTERMS.isPartOf, iris.table(dataset_id, table))
    add(subject, HDC.ordinal, Literal(index + 1, datatype=XSD.positiveInteger))
    text(subject, CSVW.title, variable.label)
    # HealthDCAT-AP requires a description on every column; the label is the honest fallback.
    text(subject, DCTERMS.description, variable.description or variable.label)
    add(subject, CSVW.datatype, Literal(variable.datatype.value))
    if variable.storage_type:
        add(subject, HDC.storageType, Literal(variable.storage_type))
    if variable.length is not None:
        add(subject, HDC.length, Literal(variable.length, datatype=XSD.positiveInteger))
    if variable.precision is not None:
        add(subject, HDC.precision, Literal(variable.precision, datatype=XSD.nonNegativeInteger))
    if variable.unit:
        add(subject, HDC.unit, Literal(variable.unit))
    if variable.format:
        add(subject, HDC["format"], Literal(variable.format))  # .format is str.format
    if variable.code_list:
        add(subject, HDC.codeList, iris.codelist(variable.code_list.id))
        if variable.code_list.column:
            add(subject, HDC.codeListColumn, Literal(variable.code_list.column))
    _constraints(unit, subject, variable.constraints)
    for value in variable.true_values:
        add(subject, HDC.trueValue, Literal(value))
    for value in variable.false_values:
        add(subject, HDC.falseValue, Literal(value))
    _history(unit, subject, variable.history)
    add(subject, HDC.identifying, IDENTIFYING[variable.identifying])
    text(subject, HDC.businessRule, variable.business_rule)
    text(subject, SKOS.note, variable.observation)
    return subject


def _constraints(unit: GraphUnit, subject: URIRef, constraints: Constraints | None) -> None:
    if constraints is None:
        return
    for predicate, value in (
        (HDC.minimum, constraints.minimum),
        (HDC.maximum, constraints.maximum),
        (HDC.minLength, constraints.min_length),
        (HDC.maxLength, constraints.max_length),
        (HDC.pattern, constraints.pattern),
    ):
        if value is not None:
            unit.add(subject, predicate, Literal(value))
    for allowed in constraints.allowed_values:
        unit.add(subject, HDC.allowedValue, Literal(allowed))
    if constraints.unique:
        unit.add(subject, HDC.unique, Literal(True))
    unit.text(subject, HDC.constraintNote, constraints.note)


def _history(unit: GraphUnit, subject: URIRef, history: History | None) -> None:
    if history is None:
        return
    if history.created:
        unit.add(subject, HDC.yearCreated, Literal(str(history.created), datatype=XSD.gYear))
    if history.deleted:
        unit.add(subject, HDC.yearDeleted, Literal(str(history.deleted), datatype=XSD.gYear))
    for year in history.missing:
        unit.add(subject, HDC.yearMissing, Literal(str(year), datatype=XSD.gYear))
