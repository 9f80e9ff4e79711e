from floor_page import render

render("A", 0)
