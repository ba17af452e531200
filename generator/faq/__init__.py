"""Stage 2, faq: papers in content/days/ -> LLM-written FAQs in content/faqs/.

`stage.run_faq` is the entry point; `pdftext` reads the PDF, `prompt` asks and checks, `llm` talks
to any OpenAI-compatible endpoint, `markdown` turns answers into sanitised HTML, `report` counts.
"""
