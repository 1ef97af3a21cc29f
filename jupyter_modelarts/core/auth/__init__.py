"""core.auth"""
