async def seed_demo_if_empty():
    return None


async def seed_demo():
    return {}
