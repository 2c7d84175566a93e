from mesodesk.formats import iso_first

DATE_INPUT_FORMATS, TIME_INPUT_FORMATS = iso_first("de")
