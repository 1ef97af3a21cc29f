"""simulator.legacy"""
