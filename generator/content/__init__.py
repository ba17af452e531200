"""The content contract: the data model, its versioned JSON wire form and the on-disk layout of content/.

Every stage reads and writes content/ through this package only (`store.ContentStore`); it imports
nothing from the stages above it.
"""
