"""The CSL namespace, in which every element of a style and a locale is named."""

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"


def tag(name: str) -> str:
    """An element's qualified name: 'names' -> '{http://purl.org/net/xbiblio/csl}names'."""
    return f"{{{CSL_NAMESPACE}}}{name}"
