"""Parts of the seeded company generator; `bobhub.sandbox.generator.generate_company` ties them up."""
