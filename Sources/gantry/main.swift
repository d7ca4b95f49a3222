import GantryPipeline
print("gantry")
