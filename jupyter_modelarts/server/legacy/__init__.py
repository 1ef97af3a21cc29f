"""server.legacy"""
