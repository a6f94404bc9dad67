"""The function map of an ApplicationSet template is Argo CD's: sprig v3.3.0's `genericMap`
minus `env`, `expandenv` and `getHostByName`, plus Argo CD's five; nothing more (Helm's
`required`, `include`, `tpl`, `toToml` are undefined in Argo CD), nothing less."""

from __future__ import annotations

import importlib
import pkgutil

from cmp_plugin.gotemplate import functions
from cmp_plugin.gotemplate.functions.registry import FUNCTIONS

# The keys of sprig v3.3.0's genericMap (functions.go), the version Argo CD builds with.
SPRIG_3_3_0 = """
    abbrev abbrevboth add add1 add1f addf adler32sum ago all any append atoi b32dec b32enc
    b64dec b64enc base bcrypt biggest buildCustomCert camelcase cat ceil chunk clean coalesce
    compact concat contains date dateInZone dateModify date_in_zone date_modify decryptAES
    deepCopy deepEqual default derivePassword dict dig dir div divf duration durationRound
    empty encryptAES env expandenv ext fail first float64 floor fromJson genCA genCAWithKey
    genPrivateKey genSelfSignedCert genSelfSignedCertWithKey genSignedCert
    genSignedCertWithKey get getHostByName has hasKey hasPrefix hasSuffix hello htmlDate
    htmlDateInZone htpasswd indent initial initials int int64 isAbs join kebabcase keys kindIs
    kindOf last list lower max maxf merge mergeOverwrite min minf mod mul mulf mustAppend
    mustChunk mustCompact mustDateModify mustDeepCopy mustFirst mustFromJson mustHas
    mustInitial mustLast mustMerge mustMergeOverwrite mustPrepend mustPush mustRegexFind
    mustRegexFindAll mustRegexMatch mustRegexReplaceAll mustRegexReplaceAllLiteral
    mustRegexSplit mustRest mustReverse mustSlice mustToDate mustToJson mustToPrettyJson
    mustToRawJson mustUniq mustWithout must_date_modify nindent nospace now omit osBase
    osClean osDir osExt osIsAbs pick pluck plural prepend push quote randAlpha randAlphaNum
    randAscii randBytes randInt randNumeric regexFind regexFindAll regexMatch regexQuoteMeta
    regexReplaceAll regexReplaceAllLiteral regexSplit repeat replace rest reverse round semver
    semverCompare seq set sha1sum sha256sum sha512sum shuffle slice snakecase sortAlpha split
    splitList splitn squote sub subf substr swapcase ternary title toDate toDecimal toJson
    toPrettyJson toRawJson toString toStrings trim trimAll trimPrefix trimSuffix trimall trunc
    tuple typeIs typeIsLike typeOf uniq unixEpoch unset until untilStep untitle upper urlJoin
    urlParse uuidv4 values without wrap wrapWith
""".split()  # noqa: SIM905


def test_the_function_map_is_argo_cds() -> None:
    for module in pkgutil.iter_modules(functions.__path__):
        importlib.import_module(f"{functions.__name__}.{module.name}")
    removed = {"env", "expandenv", "getHostByName"}
    added = {"normalize", "slugify", "toYaml", "fromYaml", "fromYamlArray"}
    assert len(SPRIG_3_3_0) == 211
    assert set(FUNCTIONS) == (set(SPRIG_3_3_0) - removed) | added
    assert not set(FUNCTIONS) & {"required", "include", "tpl", "toToml", "lookup"}
