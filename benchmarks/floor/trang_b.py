from floor_page import render

render("B", 3)
