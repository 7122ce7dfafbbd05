"""One router per resource; each is a thin shell over functions in pricing/ and territory/."""
