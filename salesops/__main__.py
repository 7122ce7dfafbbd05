from salesops.cli import app

app()
