"""Error types and coded messages (spaCy style: one place for every message)."""

from __future__ import annotations


class MideastNLPError(Exception):
    """Base class of every error this library raises on purpose."""


class InputError(MideastNLPError, ValueError):
    """The caller passed something the library cannot process (wrong type, bad encoding, too big)."""


class ModelError(MideastNLPError, RuntimeError):
    """A packaged model or data file is missing or unreadable."""


class BackendError(ModelError):
    """An optional backend (CAMeL Tools, Stanza) lacks its package, its data or its models."""


class Errors:
    """Message templates, referenced by code so that they can be searched for and tested."""

    E001 = "[E001] Expected text as str, got {type}."
    E002 = "[E002] Unknown normaliser option(s): {names}. Known options: {fields}."
    E003 = "[E003] Span ({start}, {end}) is outside the normalised text of length {length}."
    E004 = "[E004] Text is empty or only whitespace."
    E005 = "[E005] Text has {length:,} characters, more than max_length={max_length:,}. Split it or raise max_length."
    E006 = "[E006] Could not decode {what} as UTF-8: {reason}."
    E007 = "[E007] Record {where} has no usable text field {field!r}."
    E008 = "[E008] Record {where} is not valid JSON: {reason}."
    E009 = "[E009] Record {where} is a {type}, expected a JSON object or a str."
    E010 = "[E010] Cannot read input {path}: {reason}."
    E011 = "[E011] Field {field!r} of record {where} must be a string, got {type}."
    E012 = "[E012] Packaged data file {path} is missing: the installation is incomplete ({reason})."
    E013 = "[E013] Could not parse published date {value!r}; expected ISO 8601 (YYYY-MM-DD[THH:MM:SS])."
    E014 = "[E014] Unknown pipeline component {name!r}; choose from {choices}."
    E015 = "[E015] Unknown label {label!r} in CoNLL file {path}, line {line}."
    # Reader and batch errors (the I/O layer)
    E101 = "[E101] Row {where} has {n} fields, the header has {expected}."
    E102 = "[E102] Document {where} is malformed: {reason}."
    E103 = "[E103] Could not parse {where}: {reason}."
    E104 = "[E104] Processing failed: {reason}."
    # Optional backends (mideast_nlp.backends)
    E201 = (
        "[E201] {what} needs the optional package {package!r}, which is not installed. "
        'Install it with: pip install "mideast-nlp[{extra}]"'
    )
    E202 = (
        "[E202] CAMeL Tools has no data folder with a catalogue at {path} ({reason}). {what} needs the CAMeL "
        "data package {package!r}: install it once, on a machine with a network, with `camel_data -i {package}` "
        "(set CAMELTOOLS_DATA to use another folder). mideast_nlp never downloads it."
    )
    E203 = (
        "[E203] {what} needs the CAMeL data package {package!r}, which is not installed in {path}. "
        "Install it with `camel_data -i {package}` (CAMELTOOLS_DATA selects the data folder)."
    )
    E204 = "[E204] Unknown transliteration scheme {scheme!r}; choose from {choices}."
    E205 = (
        "[E205] Stanza's Arabic models are not installed in {path}: missing {missing}. Install them once, on a "
        "machine with a network: python -c \"import stanza; stanza.download('ar', processors='{processors}')\" "
        "(or set STANZA_RESOURCES_DIR, or pass stanza_dir=, to the folder that holds them). "
        "mideast_nlp never downloads them."
    )
    E206 = "[E206] Stanza could not load its Arabic pipeline from {path}: {reason}"
    E207 = "[E207] Unknown {option} backend {value!r}; choose from {choices}."
    E208 = "[E208] The CAMeL NER model at {path} could not be loaded: {reason}"
    E209 = "[E209] The CAMeL NER model returned {got} labels for {expected} words."
