"""Everything that touches the outside world.

Chat-model, TTS, image/video providers, platform clients, trend sources and ffmpeg rendering,
each with a real implementation and an offline one behind the same interface, plus the LangChain
tools the agents bind to their models.
"""
