async def on_startup(app):
    return None
