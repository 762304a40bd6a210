"""RDF namespaces of the catalogue graph."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

# rdflib ships DCAT 2 as a closed namespace; DCAT 3 adds DatasetSeries, inSeries, version, prev…
DCAT = Namespace("http://www.w3.org/ns/dcat#")
CSVW = Namespace("http://www.w3.org/ns/csvw#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
HEALTHDCATAP = Namespace("http://healthdataportal.eu/ns/health#")
CV = Namespace("http://data.europa.eu/m8g/")
DPV = Namespace("https://w3id.org/dpv#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
GEODCATAP = Namespace("http://data.europa.eu/930/")
# Project vocabulary, documented in ontology/hdc.ttl: only what DCAT, CSVW and SKOS lack.
HDC = Namespace("https://w3id.org/health-data-catalogue/ns#")
# Quality measurements and annotations (DQV, Web Annotation), and the catalogue's quality metrics,
# documented in ontology/quality.ttl.
DQV = Namespace("http://www.w3.org/ns/dqv#")
OA = Namespace("http://www.w3.org/ns/oa#")
HDCQ = Namespace("https://w3id.org/health-data-catalogue/quality#")
# The data-use register (ontology/hdc.ttl): schema.org's ResearchProject, FaBiO's kinds of outputs.
SCHEMA = Namespace("https://schema.org/")
FABIO = Namespace("http://purl.org/spar/fabio/")
# Paging of the DCAT feed (ours and the ones we harvest).
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")

PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "xsd": XSD,
    "csvw": CSVW,
    "dcatap": DCATAP,
    "healthdcatap": HEALTHDCATAP,
    "cv": CV,
    "dpv": DPV,
    "eli": ELI,
    "adms": ADMS,
    "vcard": VCARD,
    "geodcatap": GEODCATAP,
    "hdc": HDC,
    "dqv": DQV,
    "oa": OA,
    "hdcq": HDCQ,
    "schema": SCHEMA,
    "fabio": FABIO,
}

# The same, as plain strings: what serializers take (pyoxigraph's `prefixes=`).
PREFIX_IRIS: dict[str, str] = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
